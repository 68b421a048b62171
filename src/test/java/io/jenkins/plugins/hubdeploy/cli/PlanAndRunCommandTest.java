package io.jenkins.plugins.hubdeploy.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy plan} and {@code hubdeploy run} as commands: help, and bad input refused with exit 2 naming the
 * option and the choices before anything runs. What they do is tested on real components in PlanRunTest and
 * PipelineRunTest (and end to end by bin/demo).
 */
class PlanAndRunCommandTest {
    private static final String REPO = "examples/datahub";

    @Test
    void helpNamesWhatEachDoesAndTheExitCodes() {
        CliRun plan = CliRun.of("plan", "--help");
        assertThat(plan.code()).isZero();
        assertThat(plan.out().replaceAll("\\s+", " ")).contains("content tag", "none, passed, failed or stale", "deny windows", "--json",
                "0 the plan was made (also when it says a promotion would be refused)");
        CliRun run = CliRun.of("run", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--env staging", "--env prod", "--promote", "merge");
        assertThat(CliRun.of("--help").out()).contains("plan", "run");
    }

    @Test
    void badInputIsExit2NamingTheOptionBeforeAnythingRuns() {
        CliRun noToken = CliRun.of("run", "-C", REPO, "-d", "datahub", "--env", "staging", "--token-env", "HUBDEPLOY_UNSET_VAR_42");
        assertThat(noToken.code()).isEqualTo(2);
        assertThat(noToken.err()).contains("set HUBDEPLOY_UNSET_VAR_42");

        CliRun env = CliRun.of("run", "-C", REPO, "-d", "datahub", "--env", "qa", "--token-env", "HOME");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains("--env: 'qa'", "staging", "prod");

        CliRun promote = CliRun.of("run", "-C", REPO, "-d", "datahub", "--env", "staging", "--promote", "sideways",
                "--token-env", "HOME");
        assertThat(promote.code()).isEqualTo(2);
        assertThat(promote.err()).contains("--promote: 'sideways'", "pullRequest, merge or none");
        assertThat(promote.out()).as("no stage ran").doesNotContain("build and push");

        CliRun planEnv = CliRun.of("plan", "-C", REPO, "-d", "datahub", "--env", "qa");
        assertThat(planEnv.code()).isEqualTo(2);
        assertThat(planEnv.err()).contains("qa");
    }

}
