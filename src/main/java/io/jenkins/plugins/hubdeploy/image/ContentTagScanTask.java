package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.BuildSettings;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.Interruptions;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
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
 * {@code .git} is never part of a context. The walk stops at an interrupt (an aborted build) and when a context
 * keeps more than {@code maxContextFiles} files.
 *
 * @param contexts        workspace-relative, normalized context directories ("." for the root)
 * @param dockerfiles     workspace-relative Dockerfiles, always kept even when a {@code .dockerignore} excludes them
 * @param paths           workspace-relative paths to hash
 * @param maxContextFiles the most files one context may keep after its {@code .dockerignore}
 */
public record ContentTagScanTask(List<String> contexts, List<String> dockerfiles, List<String> paths,
                                 int maxContextFiles) implements AgentTask<ContentTagScan> {

    public ContentTagScanTask {
        contexts = List.copyOf(contexts);
        dockerfiles = List.copyOf(dockerfiles);
        paths = List.copyOf(paths);
    }

    @Override
    public ContentTagScan call(Path workspace) throws IOException, InterruptedException, HubDeployException {
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
                String where = ContentTagPaths.join(context, DockerIgnore.FILE_NAME);
                long size = Files.size(ignoreFile);
                if (size > DockerIgnore.MAX_BYTES) {
                    throw HubDeployException.usage(where + " is " + size + " bytes, more than 1 MiB ("
                            + DockerIgnore.MAX_BYTES + " bytes), the limit for a .dockerignore; keep one pattern per"
                            + " directory or file type to leave out, not one per file");
                }
                String text = readUtf8(ignoreFile);
                texts.put(context, text);
                ignore = parse(text, where);
            }
            rules.put(context, ignore);
        }
        Walker walker = new Walker(workspace, rules, new HashSet<>(dockerfiles), maxContextFiles);
        for (String path : new HashSet<>(paths)) {
            try {
                walker.scan(path);
            } catch (InterruptedIOException | ClosedByInterruptException e) {
                // the walk's own check, or a file read the interrupt cut short
                throw new InterruptedException("content tag walk interrupted");
            } catch (TooManyFiles e) {
                throw e.failure;
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
        } catch (DockerIgnore.TooLargeException e) {
            throw HubDeployException.usage(where + " " + e.getMessage() + "; keep one pattern per directory or file"
                    + " type to leave out, not one per file");
        } catch (IllegalArgumentException e) {
            throw HubDeployException.usage(where + ", " + e.getMessage() + "; fix the pattern");
        }
    }

    /** The error for a context that keeps more than {@code limit} files (exit 2). */
    static HubDeployException tooManyFiles(String context, int limit) {
        return HubDeployException.usage("build context '" + context + "' has more than " + limit + " files after"
                + " its .dockerignore (the limit is build.maxContextFiles in hubdeploy.yaml, default "
                + BuildSettings.DEFAULT_MAX_CONTEXT_FILES + "); leave out what the image does not need in "
                + ContentTagPaths.join(context, DockerIgnore.FILE_NAME) + ", or raise build.maxContextFiles");
    }

    /** Carries {@link #tooManyFiles} out of a file visitor, which may throw only I/O errors. */
    private static final class TooManyFiles extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient HubDeployException failure;

        TooManyFiles(HubDeployException failure) {
            super(failure.getMessage());
            this.failure = failure;
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
        private final int maxContextFiles;
        private final Map<String, Integer> kept = new HashMap<>();
        private final List<FileEntry> files = new ArrayList<>();
        private final List<String> missing = new ArrayList<>();

        Walker(Path workspace, Map<String, DockerIgnore> rules, Set<String> dockerfiles, int maxContextFiles) {
            this.workspace = workspace;
            this.rules = rules;
            this.dockerfiles = dockerfiles;
            this.maxContextFiles = maxContextFiles;
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
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes dirAttrs) throws IOException {
                    Interruptions.checkIo("content tag walk");
                    String rel = relative(dir);
                    if (!dir.equals(start) && (dir.getFileName().toString().equals(".git") || skipDirectory(rel))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes fileAttrs) throws IOException {
                    Interruptions.checkIo("content tag walk");
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

        private boolean keep(String path) throws TooManyFiles {
            boolean keep = dockerfiles.contains(path);
            for (String context : ContentTagPaths.ancestors(path)) {
                DockerIgnore ignore = rules.get(context);
                if (ignore != null && !ignore.excludes(ContentTagPaths.relativeTo(context, path))) {
                    keep = true;
                    if (kept.merge(context, 1, Integer::sum) > maxContextFiles) {
                        throw new TooManyFiles(tooManyFiles(context, maxContextFiles));
                    }
                }
            }
            return keep;
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
