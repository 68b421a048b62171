package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code hubdeploy deploy} in-process: usage errors and the real "no helm on this machine" path (exit 3). */
class DeployCommandTest {
    private static final String EXAMPLE = Path.of("examples/datahub").toAbsolutePath().toString();

    @Test
    void badTimeoutIsExit2() {
        CliRun r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--timeout", "soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--timeout: 'soon' is not a duration");
    }

    @Test
    void badStuckPolicyIsExit2() {
        CliRun r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--stuck-policy", "force");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'fail' (default) or 'rollback'");
    }

    @Test
    void unknownEnvironmentIsExit2() {
        CliRun r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--env", "stagign");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown environment 'stagign'").contains("staging");
    }

    /** Real: this machine has no helm binary, so the command must stop with exit 3 and say how to get one. */
    @Test
    void missingHelmIsExit3() {
        assumeTrue(Components.find("helm").isEmpty(), "a helm binary is installed here");
        CliRun r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--dry-run");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("helm is not installed").contains("HELM_BIN");
    }

    /** The same login options as build: the password comes from the named variable and is registered as a secret. */
    @Test
    void registryLoginReachesTheDeployOptionsAndIsMasked() throws Exception {
        DeployCommand command = new DeployCommand();
        new picocli.CommandLine(command).parseArgs("--registry-user", "ci-bot", "--registry-password-env", "HUBDEPLOY_PW");
        CollectingLog log = new CollectingLog();

        DeployOptions options = command.options(log, Map.of("HUBDEPLOY_PW", "registry-pw-31d4"));

        assertThat(options.registryCredentials()).isEqualTo(new RegistryCredentials("ci-bot", "registry-pw-31d4"));
        assertThat(log.secrets).containsExactly("registry-pw-31d4");
        assertThat(options.toString()).doesNotContain("registry-pw-31d4");
        DeployCommand anonymous = new DeployCommand();
        new picocli.CommandLine(anonymous).parseArgs();
        assertThat(anonymous.options(log, Map.of("REGISTRY_PASSWORD", "x")).registryCredentials()).isNull();
    }

    @Test
    void registryUserWithoutThePasswordVariableIsExit2() {
        CliRun r = run("deploy", "-C", EXAMPLE, "-d", "datahub", "--registry-user", "ci-bot",
                "--registry-password-env", "HUBDEPLOY_TEST_UNSET_PASSWORD_VAR");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--registry-user ci-bot needs the password in the environment variable "
                + "HUBDEPLOY_TEST_UNSET_PASSWORD_VAR");
    }

    @Test
    void helpListsTheOptions() {
        CliRun r = run("deploy", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--env", "--dry-run", "--atomic", "--timeout", "--history-max", "--stuck-policy", "--json",
                "--registry-user", "--registry-password-env");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
