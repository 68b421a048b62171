package io.jenkins.plugins.hubdeploy.run;

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
    private static final Map<String, String> ENV = Map.of("GIT_OPTIONAL_LOCKS", "0", "LC_ALL", "C");
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    static DeployGitState read(ProcessRunner runner) throws IOException, InterruptedException {
        ProcessResult head;
        try {
            head = git(runner, List.of("rev-parse", "HEAD", "HEAD^{tree}"));
        } catch (ExecutableNotFoundException e) {
            return new DeployGitState(null, null, false);
        }
        String[] lines = head.stdout().strip().split("\n");
        if (!head.ok() || lines.length < 2) {
            return new DeployGitState(null, null, false);
        }
        ProcessResult status = git(runner, List.of("status", "--porcelain", "--untracked-files=no"));
        return new DeployGitState(lines[0].strip(), lines[1].strip(), status.ok() && !status.stdout().isBlank());
    }

    private static ProcessResult git(ProcessRunner runner, List<String> args) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("git"));
        argv.addAll(args);
        return runner.run(ProcessSpec.of(argv).withEnv(ENV).withTimeout(TIMEOUT));
    }
}
