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
            "pa$$w0rd$", "${x.y}", "it's 'single'", "$HOME$HOME", "end$");
    /**
     * container() wraps each argument in double quotes for its shell without escaping a backslash, a backtick or
     * an escaped quote: such arguments are not safe there whatever the caller does (docs/jenkins.md says so).
     */
    private static final List<String> PLAIN_AGENT_ONLY = List.of("back\\slash `tick` \\\"q");
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
        assertReachUnchanged(new LocalLauncherSimulation(workspace), PLAIN_AGENT_ONLY);
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

    private void assertReachUnchanged(StepProcessRunner.Launch launch, List<String> values) throws Exception {
        StepProcessRunner runner = new StepProcessRunner(launch, new LocalAgent(workspace), STEP_ENV, new CollectingLog());
        for (String value : values) {
            ProcessResult arg = runner.run(ProcessSpec.of(List.of("printf", "%s", value)));
            ProcessResult env = runner.run(ProcessSpec.of(List.of("printenv", "HUBDEPLOY_X"))
                    .withEnv(Map.of("HUBDEPLOY_X", value)));

            assertThat(arg.stdout()).as("argument " + value).isEqualTo(value);
            assertThat(env.stdout()).as("environment value " + value).isEqualTo(value + "\n");
        }
    }
}
