package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private (0700) scratch directory {@code <workspace>@tmp/hubdeploy-*} for files a capability writes beside the
 * workspace: auth files, digests, generated or decrypted values. Jenkins' own convention: in a Kubernetes pod it is
 * on the workspace volume every container shares, so a tool in {@code container('...')} sees it; and it is outside
 * the repository, so it never changes a build context or a content tag and is never committed or archived.
 */
public final class ScratchDir {
    private ScratchDir() {
    }

    /** Creates the directory (through the Agent: in Jenkins it is on the agent); returns its absolute path. */
    public record Create() implements AgentTask<String> {
        private static final long serialVersionUID = 1L;
        private static final int CREATE_ATTEMPTS = 100;

        @Override
        public String call(Path workspace) throws IOException {
            Path root = workspace.toAbsolutePath().normalize();
            Path tmp = root.resolveSibling(root.getFileName() + "@tmp");
            // another run's Delete may remove an empty @tmp between the two calls (parallel deployments), or inside
            // createDirectories (it then reports the vanished directory as FileAlreadyExistsException): retry
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.createDirectories(tmp);
                    Path scratch = Files.getFileStore(tmp).supportsFileAttributeView("posix")
                            ? Files.createTempDirectory(tmp, "hubdeploy-",
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                            : Files.createTempDirectory(tmp, "hubdeploy-");
                    return scratch.toString();
                } catch (java.nio.file.NoSuchFileException | java.nio.file.FileAlreadyExistsException e) {
                    if (attempt >= CREATE_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Deletes the directory and all in it (links are removed, never followed), and {@code @tmp} too when nothing
     * else is left in it; returns whether the directory existed.
     */
    public record Delete(String scratch) implements AgentTask<Boolean> {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean call(Path workspace) throws IOException {
            Path dir = Path.of(scratch);
            if (!Files.exists(dir)) {
                return false;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Path parent = dir.getParent();
            try (Stream<Path> left = Files.list(parent)) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(parent);
                }
            } catch (IOException ignored) {
                // someone else uses <workspace>@tmp: leave it
            }
            return true;
        }
    }

    /** Writes {@code content} as a new file only its owner can read (0600 where POSIX), replacing an older one. */
    public static void writePrivateFile(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, content);
    }
}
