package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code hubdeploy smoke} process that receives SIGTERM ({@link Process#destroy()}: a CI runner cancelling the
 * job, {@code kill}, a container stop) while a notebook cell runs still cleans up before it exits: the CLI's JVM
 * shutdown hook interrupts the run, whose {@code finally} blocks shut the kernel down, stop the server and delete the
 * test user. Checked through the hub's REST API against a real JupyterHub on loopback ports
 * ({@link JupyterHubFixture}), with {@code java -jar target/hubdeploy.jar} in its own process. Nothing is simulated.
 * Its own hub: a run that failed to clean up must not leave a user behind for {@link SmokeCliIT}'s checks.
 */
class SmokeCliSigtermIT {
    private static final String USER = "cli-sigterm";
    private static final Duration CELL_STARTED_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    private static JupyterHubFixture hub;

    @TempDir
    Path repo;

    @BeforeAll
    static void startHub() throws Exception {
        hub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.stop();
        }
    }

    @Test
    void sigtermMidCellStillStopsTheServerAndDeletesTheUser() throws Exception {
        Path jar = Path.of(System.getProperty("hubdeploy.cli.jar", "target/hubdeploy.jar"));
        if (!Files.isRegularFile(jar)) {
            Components.unavailable(jar + " is missing: run mvn package first");
        }
        Files.createDirectories(repo.resolve("tests"));
        Files.writeString(repo.resolve("tests/sleep.ipynb"), "{\"nbformat\": 4, \"nbformat_minor\": 5,"
                + " \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"execution_count\": null,"
                + " \"metadata\": {}, \"outputs\": [], \"source\": [\"import time\\n\", \"time.sleep(60)\"]}]}");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "smoke", "-C", repo.toString(), "--hub-url", hub.url(), "--user",
                USER, "--notebook", "tests/sleep.ipynb", "--timeout", "300")).directory(repo.toFile());
        builder.environment().put("JUPYTERHUB_API_TOKEN", hub.token());
        Path out = Files.createTempFile("sigterm-stdout", ".txt");
        Path err = Files.createTempFile("sigterm-stderr", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + CELL_STARTED_TIMEOUT.toNanos();
            while (!Files.readString(err).contains("RUN  tests/sleep.ipynb / cell 1") && process.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(err)).as("the cell started within " + CELL_STARTED_TIMEOUT + " (process "
                    + (process.isAlive() ? "running" : "exited") + ")").contains("RUN  tests/sleep.ipynb / cell 1");
            Thread.sleep(1000); // the execute request is on its way: the kernel is inside time.sleep(60)
            assertThat(hub.usersWithServers()).as("mid-run the test user's server runs").containsExactly(USER);

            long t0 = System.nanoTime();
            process.destroy(); // SIGTERM
            boolean exited = process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            long exitMillis = (System.nanoTime() - t0) / 1_000_000;

            String stderr = Files.readString(err);
            assertThat(exited).as("exited within " + EXIT_TIMEOUT + " of SIGTERM; stderr:\n" + stderr).isTrue();
            assertThat(exitMillis).as("it did not wait for the 60 s cell").isLessThan(55_000);
            assertThat(process.exitValue()).as("a cancelled run never reports success").isNotZero();
            assertThat(hub.usersWithServers()).as("no server left after SIGTERM; stderr:\n" + stderr).isEmpty();
            assertThat(hub.userExists(USER)).as("the test user is gone after SIGTERM; stderr:\n" + stderr).isFalse();
            assertThat(stderr + Files.readString(out)).doesNotContain(hub.token());
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
