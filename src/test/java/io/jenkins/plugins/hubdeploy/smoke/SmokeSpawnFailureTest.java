package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubInstall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each supported real JupyterHub with a spawner that fails after {@value #FAIL_AFTER_SECONDS} s (the spawned
 * process sleeps, then exits 1), short start/http timeouts, and {@code slow_spawn_timeout = 0} so the spawn request
 * returns at once and the progress event stream is followed while the spawn is pending.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.jenkins.plugins.hubdeploy.testing.JupyterHubInstall#supported")
class SmokeSpawnFailureTest {
    private static final int FAIL_AFTER_SECONDS = 6;
    private static JupyterHubFixture hub;

    @Parameter
    JupyterHubInstall install;

    @TempDir
    Path workspace;

    @BeforeParameterizedClassInvocation
    static void startHub(JupyterHubInstall install) throws Exception {
        hub = JupyterHubFixture.start(install, JupyterHubFixture.Options.slowFailingSpawner(FAIL_AFTER_SECONDS));
    }

    @AfterParameterizedClassInvocation
    static void stopHub() {
        if (hub != null) {
            hub.stop();
            hub = null;
        }
    }

    @AfterEach
    void hubIsClean() throws Exception {
        assertThat(hub.usersWithServers()).as("no server left").isEmpty();
        assertThat(hub.userNames()).as("no test user left").isEmpty();
    }

    @Test
    void failingSpawnerGivesExit3WithTheLastProgressMessageAndIsRetried() throws Exception {
        SmokeOptions o = SmokeRunner.with(SmokeRunner.options(hub.url(), "smoke-nospawn"), List.of("json"), List.of());
        o = new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), o.checkTimeout(),
                Duration.ofSeconds(60), 2, Duration.ofMillis(200), 1, false, null, null, o.junitFile(),
                o.reportFile());

        SmokeRunner.Result run = SmokeRunner.run(workspace, o, hub.token());

        SmokeReport report = run.report();
        assertThat(report.exitCode()).as(run.log()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(report.environmentFailure()).startsWith("smoke-nospawn: ").containsIgnoringCase("spawn");
        assertThat(report.attempts()).as("a failed spawn is retried").hasSize(2)
                .allMatch(a -> a.outcome().equals("environment"));
        assertThat(run.log()).contains("spawn +").contains("Spawning server").contains("attempt 1 failed");
        CheckResult spawn = report.checks().stream().filter(c -> c.group().equals("spawn")).findFirst().orElseThrow();
        assertThat(spawn.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(spawn.detail()).as("the progress that led to it").contains("Spawning server");
        assertThat(report.checks()).filteredOn(c -> c.group().equals("import"))
                .allMatch(c -> c.status() == CheckResult.Status.SKIPPED);
        assertThat(run.junit()).contains("<testcase classname=\"spawn\" name=\"smoke-nospawn\"").contains("<failure");
        assertThat(hub.userExists("smoke-nospawn")).as("test user deleted").isFalse();
    }

    /**
     * An aborted build while the spawn progress is followed: the JDK's response stream clears the interrupt of a
     * blocked read, which once let the run carry on until the spawn ended (and then run every check).
     */
    @Test
    void interruptionWhileTheSpawnIsPendingEndsTheRunAndCleansUp() throws Exception {
        SmokeOptions o = SmokeRunner.with(SmokeRunner.options(hub.url(), "smoke-abort-spawn"), List.of("json"),
                List.of());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                SmokeRunner.run(workspace, o, hub.token());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !"spawn".equals(hub.server("smoke-abort-spawn").path("pending")
                .asText(null))) {
            Thread.sleep(50);
        }
        assertThat(hub.server("smoke-abort-spawn").path("pending").asText(null)).as("the spawn is pending")
                .isEqualTo("spawn");
        Thread.sleep(1000); // the run follows the progress stream now (it polls the state every 100 ms)
        long t0 = System.nanoTime();
        runner.interrupt();
        runner.join(Duration.ofSeconds(60).toMillis());

        assertThat(runner.isAlive()).as("the run ended after the interrupt").isFalse();
        assertThat(thrown.get()).as("the interrupt ends the run (not a spawn failure report)")
                .isInstanceOf(InterruptedException.class);
        assertThat((System.nanoTime() - t0) / 1e9).as("ended once the hub had cleaned up, not after retries")
                .isLessThan(30);
        assertThat(hub.userExists("smoke-abort-spawn")).isFalse();
    }
}
