package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.promote.GitCli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@link PinUpdate}'s edits on their own branch of the deployment repository, commits them and, when asked,
 * pushes the branch, ready for a pull request against the deployment branch. Real git through {@link GitCli}: with
 * the job's credentials answered by its GIT_ASKPASS program, else the remote's ambient credentials; git's messages
 * are masked.
 */
public final class PinBranch {
    private final GitCli git;
    private final BuildLog log;

    public PinBranch(GitCli git, BuildLog log) {
        this.git = git;
        this.log = log;
    }

    /** The branch name used when none is given: {@code hubdeploy/pin-<image basename>-<tag or digest prefix>}. */
    static String defaultBranch(String repository, String pin) {
        String base = repository.substring(repository.lastIndexOf('/') + 1);
        String shortPin = pin.startsWith("sha256:") ? pin.substring(7, 19) : pin.replaceAll("@sha256:.*", "");
        return "hubdeploy/pin-" + base + "-" + shortPin;
    }

    /** Exit 2 when the checkout has a branch of that name already: checked before any file is edited. */
    public void requireNew(String branch, String parameter)
            throws IOException, InterruptedException, HubDeployException {
        if (git.run(List.of("rev-parse", "--verify", "--quiet", "refs/heads/" + branch)).ok()) {
            throw HubDeployException.usage(parameter + ": the checkout has a branch " + branch + " already (an earlier"
                    + " pin?); delete it (git branch -D " + branch + ") or give another branch name. Nothing was"
                    + " changed");
        }
    }

    /** True for a name git and GitHub's query strings take as one branch name. */
    public static boolean usableName(String branch) {
        return branch.matches("[A-Za-z0-9._/-]+") && !branch.startsWith("-") && !branch.contains("..")
                && !branch.endsWith("/") && !branch.endsWith(".lock");
    }

    /** Creates {@code branch} from the current commit with the edited files and commits; returns the commit. */
    public String commit(PinUpdate.Result result, String branch)
            throws IOException, InterruptedException, HubDeployException {
        git.require(List.of("checkout", "-q", "-b", branch), "git checkout -b " + branch);
        List<String> add = new ArrayList<>(List.of("add", "--"));
        add.addAll(result.files());
        git.require(add, "git add");
        String message = "Pin " + result.repository() + " to " + result.pin() + " in "
                + String.join(", ", result.changed().keySet());
        List<String> commit = new ArrayList<>(List.of("commit", "-q", "-m", message, "--"));
        commit.addAll(result.files());
        git.require(commit, "git commit");
        String sha = git.require(List.of("rev-parse", "HEAD"), "git rev-parse");
        log.info("pin: committed " + sha.substring(0, 12) + " on " + branch + ": " + message);
        return sha;
    }

    /**
     * Pushes {@code branch} to {@code remote} as a new branch there, never forced. When the remote has a branch of
     * that name already, it is fetched: holding exactly this change (the same tree on the same base: an earlier run
     * for the same image, e.g. a rebuilt job) it is kept as it is and its commit returned; anything else is refused.
     * {@code state} ends the message of a refusal: what is left where, so nothing is half done without the reader
     * knowing. Exit 3 for a refusal of the credentials or an unreachable remote, 1 for a branch that holds something
     * else. Returns the commit the remote branch has: {@code commit} (the branch's, just committed) once pushed.
     */
    public String push(String branch, String commit, String remote, String credentialsHint, String state)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult pushed = git.remote(List.of("push", "--quiet", "--porcelain", remote,
                "refs/heads/" + branch + ":refs/heads/" + branch));
        if (pushed.ok()) {
            log.info("pin: pushed " + branch + " to " + remote);
            return commit;
        }
        String detail = git.errorText(pushed);
        if (GitCli.authenticationFailed(pushed)) {
            throw HubDeployException.environment("git push of " + branch + " to " + remote + " was refused: the remote"
                    + " refused the credentials (" + detail + "). Give " + credentialsHint + " 'Contents: write' on the"
                    + " deployment repository. " + state);
        }
        if (GitCli.pushRejectedAsStale(pushed)) {
            String same = sameChangeOnRemote(branch, remote);
            if (same != null) {
                log.info("pin: " + remote + " has " + branch + " with this very change already (commit " + same
                        + ", an earlier run): kept as it is");
                return same;
            }
            throw HubDeployException.failed("git push of " + branch + " to " + remote + " was refused: the remote"
                    + " already has a branch " + branch + " at another commit (an earlier pin of this image on an"
                    + " older base, or someone's work): " + detail + ". Merge or close its pull request and delete the"
                    + " branch, or give another branch name. " + state);
        }
        throw HubDeployException.environment("git push of " + branch + " to " + remote + " failed: " + detail
                + ". Check the remote's URL and that the agent can reach it. " + state);
    }

    /** The remote branch's commit when it has our commit's tree and parent, else null. */
    private String sameChangeOnRemote(String branch, String remote)
            throws IOException, InterruptedException, HubDeployException {
        String ref = "refs/hubdeploy/pin-remote";
        ProcessResult fetched = git.remote(List.of("fetch", "--quiet", "--no-tags", remote,
                "+refs/heads/" + branch + ":" + ref));
        if (!fetched.ok()) {
            return null;
        }
        try {
            String ours = git.require(List.of("rev-parse", "refs/heads/" + branch + "^{tree}",
                    "refs/heads/" + branch + "^"), "git rev-parse " + branch);
            ProcessResult theirs = git.run(List.of("rev-parse", ref + "^{tree}", ref + "^"));
            return theirs.ok() && theirs.stdout().strip().equals(ours)
                    ? git.require(List.of("rev-parse", ref), "git rev-parse " + ref) : null;
        } finally {
            git.run(List.of("update-ref", "-d", ref));
        }
    }
}
