package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real JupyterHub whose spawner fails ({@code Spawner.cmd = /bin/false}, short start/http timeouts, and
 * {@code slow_spawn_timeout = 0} so the spawn request returns at once and the progress event stream is followed).
 */
class SmokeSpawnFailureTest {
    private static JupyterHubFixture hub;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startHub() throws Exception {
        hub = JupyterHubFixture.start(JupyterHubFixture.Options.failingSpawner());
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.stop();
        }
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
        assertThat(hub.usersWithServers()).as("no server left").isEmpty();
        assertThat(hub.userExists("smoke-nospawn")).as("test user deleted").isFalse();
    }
}
