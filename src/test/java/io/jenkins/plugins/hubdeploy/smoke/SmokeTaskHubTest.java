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

import static io.jenkins.plugins.hubdeploy.smoke.SmokeRunner.options;
import static io.jenkins.plugins.hubdeploy.smoke.SmokeRunner.with;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke run against each supported real JupyterHub ({@link JupyterHubInstall#supported()}: Debian's 3.0 with
 * notebook 6, and the current one from PyPI with jupyter-server 2) with real single-user servers and ipykernel,
 * started once per hub on free loopback ports. Every test asserts the verdict, the report and that the hub is clean
 * afterwards (asked through the hub's REST API: no server of any user running, the test user gone).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.jenkins.plugins.hubdeploy.testing.JupyterHubInstall#supported")
class SmokeTaskHubTest {
    private static JupyterHubFixture hub;

    @Parameter
    JupyterHubInstall install;

    @TempDir
    Path workspace;

    @BeforeParameterizedClassInvocation
    static void startHub(JupyterHubInstall install) throws Exception {
        hub = JupyterHubFixture.start(install, JupyterHubFixture.Options.defaults());
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
        assertThat(hub.usersWithServers()).as("no server left running").isEmpty();
        assertThat(hub.userNames()).as("no test user left").isEmpty();
    }

    @Test
    void passingImportsAndNotebookPass() throws Exception {
        String notebook = SmokeRunner.notebook(workspace, "ok.ipynb", "import sys\nprint('python', sys.version_info[0])",
                "x = 6 * 7\nx");
        SmokeRunner.Result run = SmokeRunner.run(workspace,
                with(options(hub.url(), "smoke-pass"), List.of("json", "os.path"), List.of(notebook)), hub.token());

        SmokeReport report = run.report();
        assertThat(report.exitCode()).as(run.log()).isEqualTo(ExitCode.OK);
        assertThat(report.hubVersion()).isEqualTo(install.version());
        assertThat(report.checks()).extracting(c -> c.group() + "/" + c.name()).containsExactly(
                "hub/version", "hub/health", "hub/token", "spawn/smoke-pass", "kernel/start default kernel",
                "import/import json", "import/import os.path", notebook + "/cell 2", notebook + "/cell 3");
        assertThat(report.checks()).allMatch(c -> c.status() == CheckResult.Status.PASSED);
        assertThat(report.checks().get(7).output()).contains("python 3");
        assertThat(report.checks().get(8).output()).contains("42");
        assertThat(run.log()).contains("spawn +").contains("Server ready").contains("PASS import / import json");
        assertThat(run.junit()).contains("<testsuite name=\"smoke " + hub.url() + "\" tests=\"9\" failures=\"0\"")
                .contains("<testcase classname=\"import\" name=\"import json\"")
                .contains("<property name=\"hub.version\" value=\"" + install.version() + "\"");
        assertThat(run.json()).contains("\"passed\" : 9").contains("\"failed\" : 0");
        assertThat(report.summary()).containsEntry("passed", 9L).containsEntry("failed", 0L)
                .containsEntry("skipped", 0L).containsKey("durationSeconds");
    }

    @Test
    void missingModuleFailsWithTheTraceback() throws Exception {
        SmokeRunner.Result run = SmokeRunner.run(workspace,
                with(options(hub.url(), "smoke-missing"), List.of("no_such_module_xyz", "json"), List.of()),
                hub.token());

        assertThat(run.report().exitCode()).isEqualTo(ExitCode.FAILED);
        CheckResult missing = check(run.report(), "import no_such_module_xyz");
        assertThat(missing.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(missing.message()).isEqualTo("ModuleNotFoundError: No module named 'no_such_module_xyz'");
        assertThat(missing.detail()).contains("Traceback").contains("no_such_module_xyz").doesNotContain("\u001B[");
        assertThat(check(run.report(), "import json").status()).as("other imports still run")
                .isEqualTo(CheckResult.Status.PASSED);
        assertThat(run.junit()).contains("<failure message=\"ModuleNotFoundError: No module named '"
                + "no_such_module_xyz'\" type=\"ModuleNotFoundError\"");
        assertThat(run.report().failureLines()).containsExactly(
                "import / import no_such_module_xyz: ModuleNotFoundError: No module named 'no_such_module_xyz'");
    }

    @Test
    void failingCellFailsAndSkipsTheRestOfItsNotebook() throws Exception {
        String bad = SmokeRunner.notebook(workspace, "bad.ipynb", "a = 1", "raise ValueError('broken ' + str(a))",
                "print('never')");
        String good = SmokeRunner.notebook(workspace, "good.ipynb", "print('second notebook runs')");
        SmokeRunner.Result run = SmokeRunner.run(workspace,
                with(options(hub.url(), "smoke-cell"), List.of(), List.of(bad, good)), hub.token());

        SmokeReport report = run.report();
        assertThat(report.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(status(report, bad, "cell 2")).isEqualTo(CheckResult.Status.PASSED);
        CheckResult failed = find(report, bad, "cell 3");
        assertThat(failed.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(failed.message()).isEqualTo("ValueError: broken 1");
        assertThat(failed.detail()).contains("ValueError");
        assertThat(find(report, bad, "cell 4").status()).isEqualTo(CheckResult.Status.SKIPPED);
        assertThat(find(report, bad, "cell 4").message()).contains("cell 3");
        assertThat(find(report, good, "cell 2").output()).contains("second notebook runs");
        assertThat(run.junit()).contains("<skipped message=").contains("failures=\"1\"").contains("skipped=\"1\"");
    }

    @Test
    void cellThatOutlivesItsTimeoutIsInterruptedAndFails() throws Exception {
        String slow = SmokeRunner.notebook(workspace, "slow.ipynb", "import time\ntime.sleep(120)", "print('late')");
        String after = SmokeRunner.notebook(workspace, "after.ipynb", "print('kernel recovered')");
        SmokeOptions o = with(options(hub.url(), "smoke-slow"), List.of(), List.of(slow, after));
        o = new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), Duration.ofSeconds(3),
                o.spawnTimeout(), 1, Duration.ZERO, 1, false, null, null, o.junitFile(), o.reportFile());

        long t0 = System.nanoTime();
        SmokeRunner.Result run = SmokeRunner.run(workspace, o, hub.token());

        assertThat((System.nanoTime() - t0) / 1e9).as("the 120 s cell was cut short").isLessThan(60);
        CheckResult timedOut = find(run.report(), slow, "cell 2");
        assertThat(timedOut.status()).isEqualTo(CheckResult.Status.FAILED);
        assertThat(timedOut.message()).startsWith("timeout: did not finish within 3 s").contains("interrupted");
        assertThat(find(run.report(), slow, "cell 3").status()).isEqualTo(CheckResult.Status.SKIPPED);
        assertThat(find(run.report(), after, "cell 2").status()).as("the interrupted kernel is usable again")
                .isEqualTo(CheckResult.Status.PASSED);
        assertThat(run.report().exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void wrongTokenIsRejectedWithExit3() throws Exception {
        SmokeRunner.Result run = SmokeRunner.run(workspace, with(options(hub.url(), "smoke-token"), List.of("json"),
                List.of()), "not-a-valid-token-123456");

        assertThat(run.report().exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.report().environmentFailure()).contains("rejected the API token").contains("credentialsId");
        assertThat(check(run.report(), "import json").status()).isEqualTo(CheckResult.Status.SKIPPED);
        assertThat(run.report().attempts()).hasSize(1);
    }

    @Test
    void tokenWithoutTheScopesIsRefusedListingThem() throws Exception {
        SmokeRunner.Result run = SmokeRunner.run(workspace, options(hub.url(), "smoke-scopes"), hub.weakToken());

        assertThat(run.report().exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.report().environmentFailure()).contains("service weak")
                .contains("[admin:users, admin:servers, access:servers]");
        assertThat(run.log()).doesNotContain(hub.weakToken());
    }

    @Test
    void hubThatIsDownGivesExit3AfterEveryAttempt() throws Exception {
        SmokeOptions o = options("http://127.0.0.1:" + JupyterHubFixture.freePort(), "smoke-down");
        o = new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), o.checkTimeout(), o.spawnTimeout(),
                2, Duration.ofMillis(100), 1, false, null, null, o.junitFile(), o.reportFile());

        SmokeRunner.Result run = SmokeRunner.run(workspace, o, hub.token());

        assertThat(run.report().exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.report().environmentFailure()).contains("cannot reach the hub at " + o.hubUrl());
        assertThat(run.report().attempts()).as("an unreachable hub is retried").hasSize(2)
                .allMatch(a -> a.outcome().equals("environment"));
        assertThat(run.log()).contains("attempt 1 failed").contains("attempt 2 of 2");
        assertThat(run.junit()).contains("<testcase classname=\"hub\" name=\"version\"").contains("<failure");
    }

    @Test
    void concurrentUsersReportSpawnLatency() throws Exception {
        SmokeOptions o = with(options(hub.url(), "smoke-load"), List.of("json"), List.of());
        o = new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), o.checkTimeout(), o.spawnTimeout(),
                1, Duration.ZERO, 3, false, null, null, o.junitFile(), o.reportFile());

        SmokeRunner.Result run = SmokeRunner.run(workspace, o, hub.token());

        assertThat(run.report().exitCode()).as(run.log()).isEqualTo(ExitCode.OK);
        LoadStats load = run.report().load();
        assertThat(load.users()).isEqualTo(3);
        assertThat(load.ready()).isEqualTo(3);
        assertThat(load.failed()).isZero();
        assertThat(load.minMillis()).isPositive().isLessThanOrEqualTo(load.p50Millis());
        assertThat(load.p50Millis()).isLessThanOrEqualTo(load.p95Millis());
        assertThat(load.p95Millis()).isLessThanOrEqualTo(load.maxMillis());
        assertThat(run.report().checks()).filteredOn(c -> c.group().equals("spawn"))
                .extracting(CheckResult::name).containsExactly("smoke-load-1", "smoke-load-2", "smoke-load-3");
        assertThat(run.json()).contains("\"spawnLatency\"").contains("\"p95Seconds\"");
    }

    @Test
    void staleUserFromAnEarlierRunIsRemovedFirst() throws Exception {
        assertThat(hub.call("POST", "/hub/api/users/smoke-stale")).isEqualTo(201);
        assertThat(hub.call("POST", "/hub/api/users/smoke-stale/server")).isIn(201, 202);

        SmokeRunner.Result run = SmokeRunner.run(workspace, with(options(hub.url(), "smoke-stale"), List.of("json"),
                List.of()), hub.token());

        assertThat(run.report().exitCode()).as(run.log()).isEqualTo(ExitCode.OK);
        assertThat(run.log()).contains("test user smoke-stale exists already");
        assertThat(check(run.report(), "stale user smoke-stale").status()).isEqualTo(CheckResult.Status.PASSED);
    }

    @Test
    void staleUserIsFoundByTheCreateAndEveryPhaseIsTimed() throws Exception {
        assertThat(hub.call("POST", "/hub/api/users/smoke-phases")).isEqualTo(201);

        SmokeRunner.Result run = SmokeRunner.run(workspace, options(hub.url(), "smoke-phases"), hub.token());

        assertThat(run.report().exitCode()).as(run.log()).isEqualTo(ExitCode.OK);
        assertThat(run.report().checks()).extracting(c -> c.group() + "/" + c.name()).containsExactly(
                "hub/version", "hub/health", "hub/token", "cleanup/stale user smoke-phases", "spawn/smoke-phases");
        assertThat(run.report().phases()).containsOnlyKeys("preflight", "create", "preClean", "spawn", "stop",
                "delete", "checks").allSatisfy((phase, millis) -> assertThat(millis).isNotNegative());
        assertThat(run.report().phases().keySet()).startsWith("preflight", "create", "preClean", "spawn");
        assertThat(run.report().phases().get("spawn")).as("the spawn is timed")
                .isLessThanOrEqualTo(run.report().millis()).isPositive();
        assertThat(run.json()).contains("\"phaseMillis\"").contains("\"preClean\"");
        assertThat(run.log()).contains("smoke: time per phase: preflight ");
    }

    @Test
    void keepUserStopsTheServerButKeepsTheUser() throws Exception {
        SmokeOptions o = options(hub.url(), "smoke-keep");
        o = new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), o.checkTimeout(), o.spawnTimeout(),
                1, Duration.ZERO, 1, true, null, null, o.junitFile(), o.reportFile());

        SmokeRunner.Result run = SmokeRunner.run(workspace, o, hub.token());

        assertThat(run.report().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(hub.userExists("smoke-keep")).isTrue();
        assertThat(hub.usersWithServers()).isEmpty();
        assertThat(hub.call("DELETE", "/hub/api/users/smoke-keep")).isEqualTo(204);
    }

    @Test
    void interruptionStopsTheRunAndStillCleansUp() throws Exception {
        String slow = SmokeRunner.notebook(workspace, "hang.ipynb", "import time\ntime.sleep(300)");
        SmokeOptions o = with(options(hub.url(), "smoke-abort"), List.of(), List.of(slow));
        o = new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), Duration.ofSeconds(300),
                o.spawnTimeout(), 1, Duration.ZERO, 1, false, null, null, o.junitFile(), o.reportFile());
        SmokeOptions options = o;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                SmokeRunner.run(workspace, options, hub.token());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && hub.kernels("smoke-abort") == 0) {
            Thread.sleep(100);
        }
        assertThat(hub.kernels("smoke-abort")).as("the kernel started").isEqualTo(1);
        Thread.sleep(2000); // the kernel answered; now inside the cell (it sleeps 300 s)
        runner.interrupt();
        runner.join(Duration.ofSeconds(90).toMillis());

        assertThat(runner.isAlive()).as("the run ended after the interrupt").isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(hub.usersWithServers()).isEmpty();
        assertThat(hub.userExists("smoke-abort")).isFalse();
    }

    private static CheckResult check(SmokeReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no check " + name + " in " + report.checks()));
    }

    private static CheckResult find(SmokeReport report, String group, String name) {
        return report.checks().stream().filter(c -> c.group().equals(group) && c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + group + "/" + name + " in " + report.checks()));
    }

    private static CheckResult.Status status(SmokeReport report, String group, String name) {
        return find(report, group, name).status();
    }
}
