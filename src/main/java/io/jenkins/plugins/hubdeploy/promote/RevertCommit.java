package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the commit that reverts one commit, on top of a given base, without touching the checkout: {@code git
 * revert} runs in a temporary detached worktree in the private scratch directory, which is removed afterwards
 * whatever happened. So the workspace's HEAD, index, files and branches stay exactly as they were, also when the
 * revert conflicts; only the new commit object is left in the repository's object store.
 */
final class RevertCommit {
    private final GitCli git;
    private final String scratch;

    RevertCommit(GitCli git, String scratch) {
        this.git = git;
        this.scratch = scratch;
    }

    /**
     * Reverts {@code commit} on {@code base}: {@code -m 1} when {@code mainline} (a merge commit: its first parent is
     * the branch it was merged into). Returns the new commit's id. Exit 1 naming the files when it conflicts, or when
     * the base no longer has the commit's changes (nothing to revert).
     */
    String revert(String commit, boolean mainline, String base, String message)
            throws IOException, InterruptedException, HubDeployException {
        String worktree = Path.of(scratch, "revert-" + commit.substring(0, 12)).toString();
        git.require(List.of("worktree", "add", "--quiet", "--detach", worktree, base),
                "git worktree add (a temporary checkout of " + base + " for the revert)");
        try {
            List<String> revert = new ArrayList<>(List.of("-C", worktree, "revert", "--no-commit"));
            if (mainline) {
                revert.addAll(List.of("-m", "1"));
            }
            revert.add(commit);
            ProcessResult reverted = git.run(revert);
            if (!reverted.ok()) {
                ProcessResult unmerged = git.run(List.of("-C", worktree, "diff", "--name-only", "--diff-filter=U"));
                List<String> files = unmerged.stdout().lines().filter(line -> !line.isBlank()).limit(10).toList();
                if (files.isEmpty()) {
                    throw HubDeployException.failed("git revert of " + commit + " on " + base + " failed: "
                            + git.errorText(reverted) + ". Nothing was pushed and the checkout is unchanged");
                }
                throw HubDeployException.failed("revert refused: reverting " + commit + " on " + base + " conflicts"
                        + " in " + String.join(", ", files) + " (a later commit changed the same lines). Nothing was"
                        + " pushed and the checkout is unchanged: revert it by hand (git revert" + (mainline
                        ? " -m 1 " : " ") + commit + "), resolve the conflict and open the pull request");
            }
            if (git.run(List.of("-C", worktree, "diff", "--cached", "--quiet")).ok()) {
                throw HubDeployException.failed("revert refused: " + base + " no longer has the changes of " + commit
                        + " (reverted already?): there is nothing to revert. Nothing was pushed");
            }
            git.require(List.of("-C", worktree, "commit", "--quiet", "--no-verify", "-m", message),
                    "git commit (the revert commit)");
            return git.require(List.of("-C", worktree, "rev-parse", "HEAD"), "git rev-parse (the revert commit)");
        } finally {
            removeWorktree(worktree);
        }
    }

    /** Best effort: what is left is in the scratch directory (deleted at the end) and pruned by the next run. */
    private void removeWorktree(String worktree) throws InterruptedException {
        try {
            git.run(List.of("worktree", "remove", "--force", worktree));
            git.run(List.of("worktree", "prune"));
        } catch (IOException | HubDeployException e) {
            // never hide the revert's own outcome behind a cleanup failure
        }
    }
}
