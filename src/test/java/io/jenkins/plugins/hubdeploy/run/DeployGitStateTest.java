package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 7, item 6: the deploy record's git state is read with the step's environment (real git, GIT_DIR). */
class DeployGitStateTest {
    @TempDir
    Path tmp;

    @Test
    void commitIsReadFromTheRepositoryTheStepEnvironmentNames() throws Exception {
        Components.require("git", "apt-get install -y git");
        Path workspace = Files.createDirectories(tmp.resolve("ws"));
        Map<String, String> stepEnv = Map.of("GIT_DIR", tmp.resolve("elsewhere.git").toString(),
                "GIT_WORK_TREE", workspace.toString(), "HOME", tmp.toString());
        Files.writeString(workspace.resolve("values.yaml"), "a: 1\n");
        LocalProcessRunner runner = new LocalProcessRunner(workspace, new CollectingLog());
        git(runner, stepEnv, "init", "-q", "-b", "main");
        git(runner, stepEnv, "add", "values.yaml");
        git(runner, stepEnv, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one");
        String head = git(runner, stepEnv, "rev-parse", "HEAD").strip();

        DeployGitState state = DeployGitState.read(runner, stepEnv);

        assertThat(state.commit()).isEqualTo(head);
        assertThat(state.dirty()).isFalse();
        assertThat(DeployGitState.read(runner, Map.of()).commit()).isNull();
    }

    private static String git(LocalProcessRunner runner, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessResult r = runner.run(ProcessSpec.of(argv).withEnv(env));
        assertThat(r.ok()).as(String.join(" ", argv) + ": " + r.output()).isTrue();
        return r.stdout();
    }
}
