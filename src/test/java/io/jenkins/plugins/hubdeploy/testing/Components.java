package io.jenkins.plugins.hubdeploy.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The "real component" rule of the test suite: a test that needs an installed program calls {@link #require}.
 * When the program is missing the test is skipped with a message saying how to install it, except when the
 * environment variable {@code CI=true}: then it fails, so CI can never go green by skipping.
 */
public final class Components {
    private Components() {
    }

    /** True when the environment variable CI is "true" (missing components fail instead of skipping). */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The program's absolute path: {@code program} itself when absolute, else the first match on this PATH. */
    public static Optional<Path> find(String program) {
        if (program.contains(File.separator)) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the program's path, or skips the calling test (fails it under CI=true) when it is not installed.
     *
     * @param install how to get it, e.g. "apt-get install -y --no-install-recommends buildah"
     */
    public static Path require(String program, String install) {
        Optional<Path> found = find(program);
        if (found.isEmpty()) {
            unavailable(program + " is not installed (" + install + ")");
        }
        return found.orElseThrow();
    }

    /** Skips (or, under CI=true, fails) unless {@code file} exists; {@code install} says how to get it. */
    public static Path requireFile(Path file, String install) {
        if (!Files.exists(file)) {
            unavailable(file + " does not exist (" + install + ")");
        }
        return file;
    }

    /** Skips the test with {@code why}, or fails it when CI=true. */
    public static void unavailable(String why) {
        if (onCi()) {
            Assertions.fail("CI=true and a required component is missing: " + why);
        }
        Assumptions.abort("skipped, component missing: " + why);
    }
}
