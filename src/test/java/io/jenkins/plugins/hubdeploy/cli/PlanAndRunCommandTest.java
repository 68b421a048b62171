package io.jenkins.plugins.hubdeploy.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
        Result plan = run("plan", "--help");
        assertThat(plan.code).isZero();
        assertThat(plan.out.replaceAll("\\s+", " ")).contains("content tag", "none, passed, failed or stale", "deny windows", "--json",
                "0 the plan was made (also when it says a promotion would be refused)");
        Result run = run("run", "--help");
        assertThat(run.code).isZero();
        assertThat(run.out.replaceAll("\\s+", " ")).contains("--env staging", "--env prod", "--promote", "merge");
        assertThat(run("--help").out).contains("plan", "run");
    }

    @Test
    void badInputIsExit2NamingTheOptionBeforeAnythingRuns() {
        Result noToken = run("run", "-C", REPO, "-d", "datahub", "--env", "staging", "--token-env", "HUBDEPLOY_UNSET_VAR_42");
        assertThat(noToken.code).isEqualTo(2);
        assertThat(noToken.err).contains("set HUBDEPLOY_UNSET_VAR_42");

        Result env = run("run", "-C", REPO, "-d", "datahub", "--env", "qa", "--token-env", "HOME");
        assertThat(env.code).isEqualTo(2);
        assertThat(env.err).contains("--env: 'qa'", "staging", "prod");

        Result promote = run("run", "-C", REPO, "-d", "datahub", "--env", "staging", "--promote", "sideways",
                "--token-env", "HOME");
        assertThat(promote.code).isEqualTo(2);
        assertThat(promote.err).contains("--promote: 'sideways'", "pullRequest, merge or none");
        assertThat(promote.out).as("no stage ran").doesNotContain("build and push");

        Result planEnv = run("plan", "-C", REPO, "-d", "datahub", "--env", "qa");
        assertThat(planEnv.code).isEqualTo(2);
        assertThat(planEnv.err).contains("qa");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = HubDeployCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
