package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pullRequest}: on the staging branch after {@code record}: verifies the evidence of the checkout's tree, then
 * opens the pull request staging -> prod, or updates the open one (never a second), with the evidence as its body;
 * with {@code autoMerge} merges it through the API (a merge commit, with the verified head SHA).
 */
final class PullRequestMode {
    private PullRequestMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        GitHubAccess access = ctx.requireGitHub(PromoteMode.PULL_REQUEST);
        RepoState head = RepoState.read(ctx.git);
        Verification verification = ctx.verifyTree(head.tree());
        Evidence e = verification.evidence();
        String title = "Promote " + ctx.config.deployment() + " " + ctx.settings.sourceBranch() + " to "
                + ctx.settings.targetBranch() + " (" + head.commit().substring(0, 12) + ")";
        GitHubTask.PullResult pr = ctx.agent.run(new GitHubTask.OpenOrUpdatePull(access, ctx.settings.sourceBranch(),
                ctx.settings.targetBranch(), title, EvidenceSummary.markdown(e, verification)));
        ctx.log.info((pr.created() ? "opened" : "updated") + " pull request #" + pr.pull().number() + " "
                + ctx.settings.sourceBranch() + " -> " + ctx.settings.targetBranch() + ": " + pr.pull().url());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.PULL_REQUEST.id());
        result.put("verification", verification.toMap());
        result.put("pullRequest", pr.pull().toMap());
        result.put("created", pr.created());
        Object merged = false;
        if (ctx.settings.autoMerge()) {
            if (!pr.pull().headSha().equals(head.commit())) {
                ctx.log.warn("autoMerge: pull request #" + pr.pull().number() + " has head " + pr.pull().headSha()
                        + ", not the verified " + head.commit() + " (staging moved): not merged");
            } else {
                String outcome = ctx.agent.run(new GitHubTask.MergePull(access, pr.pull(), head.commit()));
                if (outcome.startsWith("not merged")) {
                    ctx.log.warn("autoMerge: pull request #" + pr.pull().number() + " " + outcome + "; it stays open");
                } else {
                    ctx.log.info("autoMerge: pull request #" + pr.pull().number() + " " + outcome);
                }
                merged = outcome;
            }
        }
        result.put("merged", merged);
        return result;
    }
}
