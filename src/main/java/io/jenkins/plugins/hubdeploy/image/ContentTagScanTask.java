package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file work of a content tag, run where the workspace is: reads each context's {@code .dockerignore} and hashes
 * the given paths (files, or directories walked recursively) into git blob ids. In a clean git checkout the paths
 * are only what {@code git status} reported; outside git they are the whole contexts and the Dockerfiles.
 * Files every image would ignore are not read, directories every image ignores entirely are not walked, and
 * {@code .git} is never part of a context.
 *
 * @param contexts    workspace-relative, normalized context directories ("." for the root)
 * @param dockerfiles workspace-relative Dockerfiles, always kept even when a {@code .dockerignore} excludes them
 * @param paths       workspace-relative paths to hash
 */
public record ContentTagScanTask(List<String> contexts, List<String> dockerfiles, List<String> paths)
        implements AgentTask<ContentTagScan> {

    public ContentTagScanTask {
        contexts = List.copyOf(contexts);
        dockerfiles = List.copyOf(dockerfiles);
        paths = List.copyOf(paths);
    }

    @Override
    public ContentTagScan call(Path workspace) throws IOException, HubDeployException {
        Map<String, String> texts = new HashMap<>();
        Map<String, DockerIgnore> rules = new HashMap<>();
        List<String> missingContexts = new ArrayList<>();
        for (String context : contexts) {
            Path dir = ContentTagPaths.resolve(workspace, context);
            if (!Files.isDirectory(dir)) {
                missingContexts.add(context);
                continue;
            }
            Path ignoreFile = dir.resolve(DockerIgnore.FILE_NAME);
            DockerIgnore ignore = DockerIgnore.none();
            if (Files.isRegularFile(ignoreFile)) {
                String text = readUtf8(ignoreFile);
                texts.put(context, text);
                ignore = parse(text, ContentTagPaths.join(context, DockerIgnore.FILE_NAME));
            }
            rules.put(context, ignore);
        }
        Walker walker = new Walker(workspace, rules, new HashSet<>(dockerfiles));
        for (String path : new HashSet<>(paths)) {
            try {
                walker.scan(path);
            } catch (AccessDeniedException e) {
                throw HubDeployException.environment("content tag: cannot read '" + e.getFile() + "' in "
                        + workspace + " (permission denied); make it readable for the agent's user, or exclude it in"
                        + " the context's .dockerignore", e);
            }
        }
        return new ContentTagScan(texts, walker.files, walker.missing, missingContexts);
    }

    static DockerIgnore parse(String text, String where) throws HubDeployException {
        try {
            return DockerIgnore.parse(text);
        } catch (IllegalArgumentException e) {
            throw HubDeployException.usage(where + ", " + e.getMessage()
                    + "; fix the pattern (Docker would refuse this file too)");
        }
    }

    private static String readUtf8(Path file) throws IOException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
    }

    /** Walks and hashes; keeps what at least one image owning the path would include. */
    private static final class Walker {
        private final Path workspace;
        private final Map<String, DockerIgnore> rules;
        private final Set<String> dockerfiles;
        private final List<FileEntry> files = new ArrayList<>();
        private final List<String> missing = new ArrayList<>();

        Walker(Path workspace, Map<String, DockerIgnore> rules, Set<String> dockerfiles) {
            this.workspace = workspace;
            this.rules = rules;
            this.dockerfiles = dockerfiles;
        }

        void scan(String path) throws IOException {
            Path start = ContentTagPaths.resolve(workspace, path);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(start, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                missing.add(path);
                return;
            }
            if (!attrs.isDirectory()) {
                visitFile(path, start, attrs);
                return;
            }
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes dirAttrs) {
                    String rel = relative(dir);
                    if (!dir.equals(start) && (dir.getFileName().toString().equals(".git") || skipDirectory(rel))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes fileAttrs) throws IOException {
                    if (!file.getFileName().toString().equals(".git")) {
                        Walker.this.visitFile(relative(file), file, fileAttrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        }

        private String relative(Path file) {
            return ContentTagPaths.toSlashes(workspace.relativize(file));
        }

        private void visitFile(String path, Path file, BasicFileAttributes attrs) throws IOException {
            if (!keep(path)) {
                return;
            }
            if (attrs.isSymbolicLink()) {
                files.add(new FileEntry(path, FileEntry.SYMLINK, BlobHasher.blobIdOfSymlink(file)));
            } else if (attrs.isRegularFile()) {
                files.add(new FileEntry(path, executable(file, attrs) ? FileEntry.EXECUTABLE : FileEntry.REGULAR,
                        BlobHasher.blobIdOfFile(file)));
            }
            // sockets, fifos and devices are not build inputs
        }

        private static boolean executable(Path file, BasicFileAttributes attrs) throws IOException {
            if (attrs instanceof PosixFileAttributes posix) {
                return posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
            }
            try {
                return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .permissions().contains(PosixFilePermission.OWNER_EXECUTE);
            } catch (UnsupportedOperationException e) {
                return Files.isExecutable(file);
            }
        }

        private boolean keep(String path) {
            if (dockerfiles.contains(path)) {
                return true;
            }
            for (String context : ContentTagPaths.ancestors(path)) {
                DockerIgnore ignore = rules.get(context);
                if (ignore != null && !ignore.excludes(ContentTagPaths.relativeTo(context, path))) {
                    return true;
                }
            }
            return false;
        }

        private boolean skipDirectory(String dir) {
            if (rules.containsKey(dir)) {
                return false;
            }
            for (String dockerfile : dockerfiles) {
                if (dockerfile.startsWith(dir + "/")) {
                    return false;
                }
            }
            for (String context : ContentTagPaths.ancestors(dir)) {
                DockerIgnore ignore = rules.get(context);
                if (ignore != null && !ignore.excludesWholeDirectory(ContentTagPaths.relativeTo(context, dir))) {
                    return false;
                }
            }
            // a directory no context owns may still contain a context (scanning "." for nested contexts)
            for (String context : rules.keySet()) {
                if (context.startsWith(dir + "/")) {
                    return false;
                }
            }
            return true;
        }
    }
}
