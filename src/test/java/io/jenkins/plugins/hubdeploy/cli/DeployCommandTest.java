package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.testing.Components;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code hubdeploy deploy} in-process: usage errors and the real "no helm on this machine" path (exit 3). */
class DeployCommandTest {
    private static final String EXAMPLE = Path.of("examples/datahub").toAbsolutePath().toString();

    @Test
    void badTimeoutIsExit2() {
        Result r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--timeout", "soon");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--timeout: 'soon' is not a duration");
    }

    @Test
    void badStuckPolicyIsExit2() {
        Result r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--stuck-policy", "force");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("'fail' (default) or 'rollback'");
    }

    @Test
    void unknownEnvironmentIsExit2() {
        Result r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--env", "stagign");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("unknown environment 'stagign'").contains("staging");
    }

    /** Real: this machine has no helm binary, so the command must stop with exit 3 and say how to get one. */
    @Test
    void missingHelmIsExit3() {
        assumeTrue(Components.find("helm").isEmpty(), "a helm binary is installed here");
        Result r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--dry-run");
        assertThat(r.code).isEqualTo(3);
        assertThat(r.err).contains("helm is not installed").contains("HELM_BIN");
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("deploy", "--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("--env", "--dry-run", "--atomic", "--timeout", "--history-max", "--stuck-policy", "--json");
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
