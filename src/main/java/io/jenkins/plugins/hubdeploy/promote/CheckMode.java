package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}: the check branch protection on prod requires. On a pull request into prod it passes only if the
 * source branch is staging and the staging evidence for the pull request head's tree passed every check; it sets
 * the commit status {@code hubdeploy/promotion} on the head either way (GitHub).
 */
final class CheckMode {
    static final String STATUS_CONTEXT = "hubdeploy/promotion";

    private CheckMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        int number = number(ctx);
        GitHubAccess access = ctx.github();
        String headRef;
        String headSha;
        String baseRef;
        if (access != null) {
            GitHubTask.Pull pull = ctx.agent.run(new GitHubTask.GetPull(access, number));
            if (pull.fork() && !ctx.options.allowFork()) {
                throw HubDeployException.failed("promotion refused: pull request #" + number + " comes from a fork"
                        + " (its head repository is not " + access.repo().fullName() + "); prod takes changes only"
                        + " from " + ctx.settings.sourceBranch() + " of this repository");
            }
            headRef = pull.headRef();
            headSha = pull.headSha();
            baseRef = pull.baseRef();
        } else {
            headRef = ctx.env.get("CHANGE_BRANCH");
            baseRef = ctx.env.get("CHANGE_TARGET");
            if (headRef == null || headRef.isBlank()) {
                throw HubDeployException.usage("mode check without a GitHub token reads the pull request's source"
                        + " branch from CHANGE_BRANCH, which is not set; run it in the pull request's build or give"
                        + " a GitHub token (gitCredentialsId / --github-token-env)");
            }
            headSha = RepoState.read(ctx.git).commit();
            ctx.log.info("no GitHub token: the pull request's branches come from CHANGE_BRANCH/CHANGE_TARGET, its"
                    + " head is the checkout");
        }
        if (baseRef != null && !baseRef.equals(ctx.settings.targetBranch()) && !ctx.options.allowOtherBranch()) {
            throw HubDeployException.failed("promotion refused: pull request #" + number + " targets '" + baseRef
                    + "', not '" + ctx.settings.targetBranch() + "' (promotion.targetBranch): nothing to check");
        }
        if (!ctx.settings.sourceBranch().equals(headRef)) {
            ctx.status(headSha, false, STATUS_CONTEXT, "source branch " + headRef + " is not "
                    + ctx.settings.sourceBranch());
            throw HubDeployException.failed("promotion refused: pull request #" + number + " comes from branch '"
                    + headRef + "', but " + ctx.settings.targetBranch() + " takes changes only from '"
                    + ctx.settings.sourceBranch() + "' (promotion.sourceBranch). Merge the change into "
                    + ctx.settings.sourceBranch() + " first, test it there, then promote");
        }
        String tree = treeOf(ctx, headSha, number);
        Verification verification;
        try {
            verification = ctx.verifyTree(tree);
        } catch (HubDeployException e) {
            if (e.exitCode() == io.jenkins.plugins.hubdeploy.platform.ExitCode.FAILED) {
                ctx.status(headSha, false, STATUS_CONTEXT, e.getMessage());
            }
            throw e;
        }
        String state = ctx.status(headSha, true, STATUS_CONTEXT, "staging evidence verified for tree "
                + tree.substring(0, 12) + " (" + verification.checks().size() + " checks)");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.CHECK.id());
        result.put("pullRequest", number);
        result.put("headSha", headSha);
        result.put("tree", tree);
        result.put("verification", verification.toMap());
        result.put("githubStatus", state);
        return result;
    }

    private static int number(PromoteContext ctx) throws HubDeployException {
        if (ctx.options.pullRequest() != null) {
            return ctx.options.pullRequest();
        }
        String id = ctx.env.get("CHANGE_ID");
        try {
            return Integer.parseInt(id == null ? "" : id.strip());
        } catch (NumberFormatException e) {
            throw HubDeployException.usage("mode check needs the pull request number: CHANGE_ID is '" + id
                    + "'; pass pullRequest (--pull-request N)");
        }
    }

    /** The head commit's tree; the commit is fetched first when the checkout lacks it (a merge-strategy build). */
    private static String treeOf(PromoteContext ctx, String sha, int number)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult tree = ctx.git.run(List.of("rev-parse", "--verify", "--quiet", sha + "^{tree}"));
        if (!tree.ok()) {
            ctx.git.remote(List.of("fetch", "--quiet", "--no-tags", ctx.options.remote(), "refs/pull/" + number + "/head"));
            tree = ctx.git.run(List.of("rev-parse", "--verify", "--quiet", sha + "^{tree}"));
            if (!tree.ok()) {
                throw HubDeployException.environment("the pull request's head " + sha + " is not in the checkout and"
                        + " could not be fetched from " + ctx.options.remote() + "; check the clone (depth, refspecs)");
            }
        }
        return tree.stdout().strip();
    }
}
