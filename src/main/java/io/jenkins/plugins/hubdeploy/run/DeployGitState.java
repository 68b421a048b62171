package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.image.GitWorkTree;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The repository's commit, tree and whether tracked files differ from it, for the deploy record (nulls outside git). */
record DeployGitState(String commit, String tree, boolean dirty) {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** {@code stepEnv}: the environment git runs with (the step's; System.getenv() in the CLI). */
    static DeployGitState read(ProcessRunner runner, Map<String, String> stepEnv) throws IOException, InterruptedException {
        Map<String, String> env = GitWorkTree.withGitDefaults(stepEnv);
        ProcessResult head;
        try {
            head = git(runner, env, List.of("rev-parse", "HEAD", "HEAD^{tree}"));
        } catch (ExecutableNotFoundException e) {
            return new DeployGitState(null, null, false);
        }
        String[] lines = head.stdout().strip().split("\n");
        if (!head.ok() || lines.length < 2) {
            return new DeployGitState(null, null, false);
        }
        ProcessResult status = git(runner, env, List.of("status", "--porcelain", "--untracked-files=no"));
        return new DeployGitState(lines[0].strip(), lines[1].strip(), status.ok() && !status.stdout().isBlank());
    }

    private static ProcessResult git(ProcessRunner runner, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("git"));
        argv.addAll(args);
        return runner.run(ProcessSpec.of(argv).withEnv(env).withTimeout(TIMEOUT));
    }
}
