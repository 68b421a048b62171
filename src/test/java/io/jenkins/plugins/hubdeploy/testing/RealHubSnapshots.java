package io.jenkins.plugins.hubdeploy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The three DataHub snapshots of {@code ../shared/real-hubs/} (2019, 2021, 2024: one per hubploy configuration
 * generation), unpacked as they are with the real tar into a scratch directory and committed to a fresh git
 * repository (content tags then come from git, as in a CI checkout). The tarballs are read-only and never changed.
 * Missing tarballs skip the test, or fail it under CI=true.
 */
public final class RealHubSnapshots {
    public static final String PROPERTY = "hubdeploy.realHubs";
    public static final List<String> YEARS = List.of("2019", "2021", "2024");

    private RealHubSnapshots() {
    }

    /** The shared directory: -Dhubdeploy.realHubs (Maven sets it), else ../shared/real-hubs beside the project. */
    public static Path sharedDir() {
        String property = System.getProperty(PROPERTY);
        return property != null ? Path.of(property) : Path.of("../shared/real-hubs").toAbsolutePath().normalize();
    }

    /** The tarball of {@code year} (datahub-YEAR-*.tar.gz). */
    public static Path tarball(String year) throws IOException {
        Path dir = sharedDir();
        Components.requireFile(dir, "the DataHub snapshots live in ../shared/real-hubs beside the project (pass -D"
                + PROPERTY + "=DIR)");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith("datahub-" + year + "-")
                    && p.getFileName().toString().endsWith(".tar.gz")).toList();
            if (found.size() != 1) {
                Components.unavailable("expected one datahub-" + year + "-*.tar.gz in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }

    /** Unpacks the snapshot of {@code year} under {@code scratch} and returns its repository root (a git repo). */
    public static Path unpack(String year, Path scratch) throws IOException, InterruptedException {
        Components.require("tar", "apt-get install -y tar");
        Components.require("git", "apt-get install -y git");
        Path tarball = tarball(year);
        Path into = Files.createDirectories(scratch.resolve("datahub-" + year));
        run(into, "tar", "-xzf", tarball.toAbsolutePath().toString(), "--no-same-owner");
        Path repo = into.resolve("repo");
        run(repo, "git", "init", "-q", "-b", "staging");
        run(repo, "git", "add", "-A");
        run(repo, "git", "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-qm", "snapshot " + year);
        return repo;
    }

    private static void run(Path dir, String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed in " + dir + ": " + out);
        }
    }
}
