package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code merge}, for teams without GitHub: verifies the evidence of the remote staging branch's tree, then moves the
 * remote prod branch to it: a fast-forward when prod is an ancestor of staging, otherwise a merge commit (parents
 * prod and staging) whose tree is staging's, exactly what was tested; never squash or rebase. It is refused when
 * prod has changes that are not in staging (the merged tree would differ from staging's). Nothing local changes:
 * the merge commit is made with {@code git commit-tree} and pushed with a lease on prod's old value, so a prod that
 * moved meanwhile makes the push fail and leaves the remote as it was.
 */
final class MergeMode {
    private MergeMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        String remote = ctx.options.remote();
        String source = ctx.settings.sourceBranch();
        String target = ctx.settings.targetBranch();
        String sourceRef = "refs/remotes/" + remote + "/" + source;
        String targetRef = "refs/remotes/" + remote + "/" + target;
        fetch(ctx, remote, source, sourceRef, true);
        boolean prodExists = fetch(ctx, remote, target, targetRef, false);
        String staging = ctx.git.require(List.of("rev-parse", sourceRef), "git rev-parse " + sourceRef);
        String stagingTree = ctx.git.require(List.of("rev-parse", sourceRef + "^{tree}"), "git rev-parse tree");
        Verification verification = ctx.verifyTree(stagingTree);
        String prod = prodExists ? ctx.git.require(List.of("rev-parse", targetRef), "git rev-parse " + targetRef) : null;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.MERGE.id());
        result.put("verification", verification.toMap());
        result.put("staging", staging);
        result.put("tree", stagingTree);
        result.put("prodBefore", prod);
        String next;
        String how;
        if (prod == null) {
            next = staging;
            how = "created";
        } else if (ancestor(ctx, staging, prod) && tree(ctx, prod).equals(stagingTree)) {
            ctx.log.info(target + " already has " + source + " " + staging + " with the same tree: nothing to merge");
            result.put("merge", "none");
            result.put("prodAfter", prod);
            return result;
        } else if (ancestor(ctx, prod, staging)) {
            next = staging;
            how = "fast-forward";
        } else {
            refuseWhenProdHasOwnChanges(ctx, prod, staging, stagingTree, source, target);
            next = ctx.git.require(List.of("commit-tree", stagingTree, "-p", prod, "-p", staging, "-m",
                    "Promote " + source + " " + staging.substring(0, 12) + " to " + target + "\n\nhubdeploy: staging"
                            + " evidence verified for tree " + stagingTree + " (" + ctx.config.deployment() + ")"),
                    "git commit-tree (the merge commit)");
            how = "merge-commit";
        }
        push(ctx, remote, target, next, prod);
        ctx.log.info(target + " on " + remote + " moved " + (prod == null ? "(new)" : prod) + " -> " + next + " ("
                + how + "); its tree is " + source + "'s " + stagingTree);
        result.put("merge", how);
        result.put("prodAfter", next);
        return result;
    }

    static boolean fetch(PromoteContext ctx, String remote, String branch, String ref, boolean required)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = ctx.git.remote(List.of("fetch", "--quiet", "--no-tags", remote,
                "+refs/heads/" + branch + ":" + ref));
        if (result.ok()) {
            return true;
        }
        if (!required && (result.stderr() + result.stdout()).contains("couldn't find remote ref")) {
            return false;
        }
        if (GitCli.authenticationFailed(result)) {
            throw HubDeployException.environment("git could not fetch " + branch + " from '" + remote + "': the remote"
                    + " refused the credentials (" + ctx.git.errorText(result) + "); give the job's git credentials"
                    + " read access (contents: read)");
        }
        throw HubDeployException.environment("git could not fetch branch '" + branch + "' from remote '" + remote
                + "': " + ctx.git.errorText(result) + (required ? "; check that the branch exists (promotion."
                + "sourceBranch) and the remote is reachable" : ""));
    }

    static boolean ancestor(PromoteContext ctx, String maybeAncestor, String of)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = ctx.git.run(List.of("merge-base", "--is-ancestor", maybeAncestor, of));
        if (result.exitCode() > 1) {
            throw HubDeployException.environment("git merge-base failed: " + ctx.git.errorText(result));
        }
        return result.exitCode() == 0;
    }

    static String tree(PromoteContext ctx, String commit) throws IOException, InterruptedException,
            HubDeployException {
        return ctx.git.require(List.of("rev-parse", commit + "^{tree}"), "git rev-parse " + commit + "^{tree}");
    }

    /**
     * Prod's own commits are fine when their changes are already in staging (earlier promotions' merge commits):
     * then merging staging into prod gives staging's tree. Otherwise refuse, naming prod's commits.
     */
    private static void refuseWhenProdHasOwnChanges(PromoteContext ctx, String prod, String staging, String stagingTree,
                                                    String source, String target)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult merged = ctx.git.run(List.of("merge-tree", "--write-tree", "--no-messages", prod, staging));
        if (merged.exitCode() > 1 || (merged.exitCode() == 1 && merged.stdout().isBlank())) {
            throw HubDeployException.environment("git merge-tree --write-tree failed (git 2.38 or newer is needed for"
                    + " mode merge): " + ctx.git.errorText(merged));
        }
        String mergedTree = merged.stdout().strip().split("\n")[0].strip();
        if (merged.exitCode() == 0 && mergedTree.equals(stagingTree)) {
            return;
        }
        ProcessResult log = ctx.git.run(List.of("log", "--no-merges", "--format=%h %s", "-n", "10", staging + ".." + prod));
        List<String> commits = new ArrayList<>(List.of(log.stdout().strip().split("\n")));
        commits.removeIf(String::isBlank);
        throw HubDeployException.failed("promotion refused: " + target + " has changes that are not in " + source
                + (merged.exitCode() == 1 ? " (they conflict with it)" : " (merging gives tree " + mergedTree
                + ", not the tested " + stagingTree + ")") + ": " + (commits.isEmpty() ? "see git log " + source
                + ".." + target : String.join("; ", commits)) + ". Bring them into " + source + " (merge " + target
                + " into " + source + "), deploy and smoke-test " + source + ", record, then promote; " + target
                + " was not changed");
    }

    private static void push(PromoteContext ctx, String remote, String target, String next, String expected)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult push = ctx.git.remote(List.of("push", "--porcelain", "--force-with-lease=refs/heads/" + target + ":"
                + (expected == null ? "" : expected), remote, next + ":refs/heads/" + target));
        if (push.ok()) {
            return;
        }
        if (GitCli.pushRejectedAsStale(push) && !GitCli.authenticationFailed(push)) {
            throw HubDeployException.failed("promotion refused: " + target + " on " + remote + " moved while this"
                    + " promotion ran (it is no longer " + (expected == null ? "absent" : expected) + "), so the"
                    + " push was rejected and " + target + " was not changed. Run the promotion again");
        }
        if (GitCli.authenticationFailed(push)) {
            throw HubDeployException.environment("git could not push " + target + " to '" + remote + "': the remote"
                    + " refused the credentials (" + ctx.git.errorText(push) + "); give the job's git credentials"
                    + " write access (contents: write) and allow pushes to " + target);
        }
        throw HubDeployException.environment("git could not push " + target + " to '" + remote + "': "
                + ctx.git.errorText(push) + "; " + target + " was not changed. Check branch protection (a protected"
                + " " + target + " needs the pull-request flow: mode pullRequest/check) and the remote");
    }
}
