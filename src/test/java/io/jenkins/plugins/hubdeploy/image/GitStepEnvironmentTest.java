package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, item 6: git runs with the step's environment (withEnv, node properties) plus its own two variables.
 * Real git: the repository's git directory is named only by the step's environment ({@code GIT_DIR}), so git
 * without that environment sees no repository at all.
 */
class GitStepEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void gitSeesTheRepositoryTheStepEnvironmentNames() throws Exception {
        Components.require("git", "apt-get install -y git");
        Path workspace = Files.createDirectories(tmp.resolve("ws"));
        Path gitDir = tmp.resolve("elsewhere.git");
        Files.writeString(workspace.resolve("Dockerfile"), "FROM scratch\n");
        Map<String, String> stepEnv = Map.of("GIT_DIR", gitDir.toString(), "GIT_WORK_TREE", workspace.toString(),
                "HOME", tmp.toString());
        git(workspace, stepEnv, "init", "-q", "-b", "main");
        git(workspace, stepEnv, "add", "Dockerfile");
        git(workspace, stepEnv, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one");
        String head = git(workspace, stepEnv, "rev-parse", "HEAD").strip();
        List<Map<String, String>> seen = new ArrayList<>();
        ProcessRunner local = new LocalProcessRunner(workspace, new CollectingLog());
        ProcessRunner recording = spec -> {
            seen.add(spec.env());
            return local.run(spec);
        };

        Optional<GitSnapshot> withStepEnv = new GitWorkTree(recording, new CollectingLog(), stepEnv).snapshot(List.of("."));
        Optional<GitSnapshot> withoutIt = new GitWorkTree(local, new CollectingLog()).snapshot(List.of("."));

        assertThat(withStepEnv).isPresent();
        assertThat(withStepEnv.get().commit()).isEqualTo(head);
        assertThat(withoutIt).isEmpty();
        assertThat(seen).allSatisfy(env -> assertThat(env).containsEntry("GIT_DIR", gitDir.toString())
                .containsEntry("GIT_OPTIONAL_LOCKS", "0").containsEntry("LC_ALL", "C"));
    }

    private static String git(Path workspace, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessResult r = new LocalProcessRunner(workspace, new CollectingLog()).run(ProcessSpec.of(argv).withEnv(env));
        assertThat(r.ok()).as(String.join(" ", argv) + ": " + r.output()).isTrue();
        return r.stdout();
    }
}
