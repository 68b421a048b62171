package io.jenkins.plugins.hubdeploy.jenkinsrules;

import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.steps.LauncherCommand;
import io.jenkins.plugins.hubdeploy.steps.StepProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 2: every argument and environment value reaches the tool unchanged, although the Launcher expands
 * {@code $VAR}/{@code ${VAR}}/{@code $$} in them and {@code container()} hands them to a shell.
 */
class LauncherEscapingTest {
    private static final List<String> VALUES = List.of("a$b-$HOME-$$-z", "1.0-$b-${HOME}-$$-$(id)", "$$$$", "$",
            "pa$$w0rd$", "${x.y}", "it's 'single'", "$HOME$HOME", "end$", "back\\slash `id` \\\"q\" \"\\\\\"",
            "new\nline", "  spaced  ", "", "-n", "*");
    private static final Map<String, String> STEP_ENV = Map.of("HOME", "/root", "PATH", System.getenv("PATH"));

    @TempDir
    Path workspace;

    @Test
    void theRuleReproducesWhatHelmAndTheImageLabelReceived() {
        Map<String, String> env = Map.of("HOME", "/root");

        assertThat(LauncherMacroExpansion.expand("a$b-$HOME-$$-z", env)).isEqualTo("a$b-/root-$-z");
        assertThat(LauncherMacroExpansion.expand("1.0-$b-${HOME}-$$-$(id)", env)).isEqualTo("1.0-$b-/root-$-$(id)");
        assertThat(LauncherMacroExpansion.expand("$HOME", Map.of("HOME", "$HOME"))).isEqualTo("$HOME");
    }

    @Test
    void escapedValuesExpandToThemselves() {
        for (String value : VALUES) {
            assertThat(LauncherMacroExpansion.expand(LauncherCommand.escape(value), Map.of("HOME", "/root", "b", "B")))
                    .as(value).isEqualTo(value);
        }
    }

    @Test
    void argumentsAndEnvironmentReachARealProcessUnchangedOnAPlainAgent() throws Exception {
        assertReachUnchanged(new LocalLauncherSimulation(workspace), VALUES);
    }

    @Test
    void argumentsAndEnvironmentReachARealProcessUnchangedInsideContainer() throws Exception {
        assertReachUnchanged(new ContainerExecSimulation(workspace), VALUES);
    }

    @Test
    void withoutEscapingTheSimulatedLauncherManglesThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LocalLauncherSimulation(workspace).run(List.of("printf", "%s", "a$b-$HOME-$$-z"), Map.of("HOME", "/root"),
                "", out, new ByteArrayOutputStream(), Duration.ofSeconds(30));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a$b-/root-$-z");
    }

    /** Why arguments travel as environment values: container() puts arguments in double quotes for its shell. */
    @Test
    void anArgumentPassedAsAnArgumentIsChangedInsideContainer() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerExecSimulation(workspace).run(List.of("printf", "%s", "x`echo INJECTED`\\y"), Map.of(), "", out,
                new ByteArrayOutputStream(), Duration.ofSeconds(30));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("xINJECTED\\y");
    }

    private void assertReachUnchanged(StepProcessRunner.Launch launch, List<String> values) throws Exception {
        StepProcessRunner runner = new StepProcessRunner(launch, new LocalAgent(workspace), STEP_ENV, new CollectingLog());
        for (String value : values) {
            ProcessResult arg = runner.run(ProcessSpec.of(List.of("printf", "%s", value)));
            ProcessResult env = runner.run(ProcessSpec.of(List.of("printenv", "HUBDEPLOY_X"))
                    .withEnv(Map.of("HUBDEPLOY_X", value)));
            ProcessResult helpers = runner.run(ProcessSpec.of(List.of("sh", "-c", "env | grep -c '^HUBDEPLOY_ARG' || true")));

            assertThat(arg.stdout()).as("argument " + value).isEqualTo(value);
            if (!value.isEmpty()) { // an empty value unsets the variable on a plain agent (EnvVars.override), not in container()
                assertThat(env.stdout()).as("environment value " + value).isEqualTo(value + "\n");
            }
            assertThat(helpers.stdout().strip()).as("the helper variables are gone").isEqualTo("0");
        }
    }
}
