package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts a {@link PinUpdate}'s edits on their own branch of the deployment repository, commits them and, when asked,
 * pushes the branch, ready for a pull request against the deployment branch. Real git through the ProcessRunner.
 */
public final class PinBranch {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Map<String, String> ENV = Map.of("LC_ALL", "C", "GIT_TERMINAL_PROMPT", "0");

    private final ProcessRunner runner;
    private final BuildLog log;

    public PinBranch(ProcessRunner runner, BuildLog log) {
        this.runner = runner;
        this.log = log;
    }

    /** The branch name used when none is given: {@code hubdeploy/pin-<image basename>-<tag or digest prefix>}. */
    public static String defaultBranch(PinUpdate.Result result) {
        String base = result.repository().substring(result.repository().lastIndexOf('/') + 1);
        String pin = result.pin().startsWith("sha256:") ? result.pin().substring(7, 19)
                : result.pin().replaceAll("@sha256:.*", "");
        return "hubdeploy/pin-" + base + "-" + pin;
    }

    /** Creates {@code branch} from the current commit with the edited files, commits; pushes to {@code remote} if set. */
    public String commit(PinUpdate.Result result, String branch, String remote)
            throws IOException, InterruptedException, HubDeployException {
        if (!branch.matches("[A-Za-z0-9._/-]+") || branch.startsWith("-") || branch.contains("..")) {
            throw HubDeployException.usage("--branch '" + branch + "' is not a usable branch name");
        }
        require(List.of("checkout", "-q", "-b", branch), "git checkout -b " + branch);
        List<String> add = new ArrayList<>(List.of("add", "--"));
        add.addAll(result.files());
        require(add, "git add");
        String message = "Pin " + result.repository() + " to " + result.pin() + " in "
                + String.join(", ", result.changed().keySet());
        List<String> commit = new ArrayList<>();
        if (git(List.of("config", "user.email")).stdout().isBlank()) {
            commit.addAll(List.of("-c", "user.name=hubdeploy", "-c", "user.email=hubdeploy@localhost"));
        }
        commit.addAll(List.of("commit", "-q", "-m", message, "--"));
        commit.addAll(result.files());
        require(commit, "git commit");
        String sha = require(List.of("rev-parse", "HEAD"), "git rev-parse").stdout().strip();
        log.info("pin: committed " + sha.substring(0, 12) + " on " + branch + ": " + message);
        if (remote != null) {
            ProcessResult pushed = git(List.of("push", "-q", remote, branch + ":refs/heads/" + branch));
            if (!pushed.ok()) {
                throw HubDeployException.environment("git push " + remote + " " + branch + " failed: "
                        + pushed.stderr().strip() + ". The commit is on the local branch " + branch);
            }
            log.info("pin: pushed " + branch + " to " + remote + "; open a pull request from it");
        }
        return sha;
    }

    private ProcessResult require(List<String> args, String what)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = git(args);
        if (!result.ok()) {
            throw HubDeployException.failed(what + " failed: " + result.stderr().strip());
        }
        return result;
    }

    private ProcessResult git(List<String> args) throws IOException, InterruptedException, HubDeployException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(args);
        try {
            return runner.run(ProcessSpec.of(argv).withEnv(ENV).withTimeout(TIMEOUT));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("git is not installed on the agent (needed to commit the pin)", e);
        }
    }
}
