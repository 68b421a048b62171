package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.HeavyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy tags} on a context whose tag takes about a minute to compute (10,000 files against 10,000
 * patterns: linear, but a lot) stops within seconds of SIGTERM, instead of the shutdown hook waiting out its 90 s
 * grace period for a loop that never looks at the interrupt (issue 12). A real {@code java -jar
 * target/hubdeploy.jar} process; {@link Process#destroy()} sends SIGTERM.
 */
class TagsCliSigtermIT {
    private static final long STARTED_MILLIS = 4_000;
    private static final long EXIT_MILLIS = 10_000;

    @TempDir
    Path repo;

    @Test
    void sigtermDuringAHugeTagComputationStopsWithinSeconds() throws Exception {
        Path jar = Path.of(System.getProperty("hubdeploy.cli.jar", "target/hubdeploy.jar"));
        if (!Files.isRegularFile(jar)) {
            Components.unavailable(jar + " is missing: run mvn package first");
        }
        HeavyContext.write(repo, 10_000);
        Files.writeString(repo.resolve("hubdeploy.yaml"), "images:\n  - name: registry.example.org/hub/heavy\n"
                + "    context: " + HeavyContext.CONTEXT + "\n    dockerfile: ../" + HeavyContext.DOCKERFILE + "\n"
                + "chart:\n  path: jupyterhub/jupyterhub\nenvironments:\n  staging:\n    values: []\n");
        Path out = Files.createTempFile("tags-sigterm-stdout", ".txt");
        Path err = Files.createTempFile("tags-sigterm-stderr", ".txt");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "tags", "-C", repo.toString()))
                .directory(repo.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Thread.sleep(STARTED_MILLIS);
            assertThat(process.isAlive()).as("still computing after %d ms; stderr:%n%s", STARTED_MILLIS,
                    Files.readString(err)).isTrue();

            long t0 = System.nanoTime();
            process.destroy(); // SIGTERM
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            long exitMillis = (System.nanoTime() - t0) / 1_000_000;

            String stderr = Files.readString(err);
            assertThat(exited).as("exited within 60 s of SIGTERM; stderr:%n%s", stderr).isTrue();
            assertThat(exitMillis).as("stopped within %d ms of SIGTERM, not the 90 s grace period; stderr:%n%s",
                    EXIT_MILLIS, stderr).isLessThan(EXIT_MILLIS);
            assertThat(process.exitValue()).as("a cancelled run never reports success").isNotZero();
            assertThat(stderr).contains("hubdeploy: stopping; cleaning up first").contains("interrupted");
            assertThat(Files.readString(out)).as("no tag printed").doesNotContain("registry.example.org/hub/heavy:");
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
