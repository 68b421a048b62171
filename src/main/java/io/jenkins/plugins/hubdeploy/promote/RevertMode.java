package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code revert}: on the staging branch after {@code record} recorded a failed smoke test: the seed process's
 * "revert the change", automated. Only when the evidence of HEAD's tree for this deployment's staging says
 * {@code failed} (never a change that passed or was not tested). Reverts HEAD (a merge commit against its first
 * parent, else a plain revert) on top of the remote staging branch, without touching the checkout; pushes it as
 * {@code hubdeploy/revert-<sha12>} and opens the pull request against staging, or updates the open one (never a
 * second). A branch already on the remote from an earlier run is reused, not pushed again. It never merges: a person
 * decides.
 */
final class RevertMode {
    static final String BRANCH_PREFIX = "hubdeploy/revert-";

    private RevertMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        GitHubAccess access = ctx.requireGitHub(PromoteMode.REVERT);
        String remote = ctx.options.remote();
        String staging = ctx.settings.sourceBranch();
        RepoState head = RepoState.read(ctx.git);
        ctx.store.fetch();
        Optional<EvidenceNote> note = ctx.store.read(head.tree());
        Evidence evidence = failedEvidence(ctx, head, note);
        List<String> parents = parents(ctx, head.commit());
        boolean merge = parents.size() > 1;
        String mainline = merge ? parents.get(0) : null;
        String message = ctx.git.require(List.of("log", "-1", "--format=%B", head.commit()), "git log (the message)");
        String subject = message.lines().findFirst().orElse("").strip();
        Integer fromPull = RevertSummary.pullRequestOf(message);

        String stagingRef = "refs/remotes/" + remote + "/" + staging;
        MergeMode.fetch(ctx, remote, staging, stagingRef, true);
        String base = ctx.git.require(List.of("rev-parse", stagingRef), "git rev-parse " + stagingRef);
        if (!MergeMode.ancestor(ctx, head.commit(), base)) {
            throw HubDeployException.failed("revert refused: " + staging + " on " + remote + " (" + base + ") no longer"
                    + " contains " + head.commit() + " (rewritten or force-pushed?): there is nothing to revert there."
                    + " Nothing was pushed");
        }
        String branch = BRANCH_PREFIX + head.commit().substring(0, 12);
        Branch onRemote = revertBranch(ctx, branch, base, head.commit(), merge,
                RevertSummary.commitMessage(subject, head.commit(), mainline, evidence, ctx.buildUrl()));
        String revert = onRemote.commit();

        String title = RevertSummary.title(subject, head.commit());
        String body = RevertSummary.body(head.commit(), subject, parents.get(0), merge,
                fromPull, revert, branch, staging, failedOnStaging(ctx, note), evidence,
                smokeFailures(ctx, evidence), ctx.buildUrl(), ctx.masker);
        GitHubTask.PullResult pr = ctx.agent.run(new GitHubTask.OpenOrUpdatePull(access, branch, staging, title, body));
        ctx.log.info("revert: " + (pr.created() ? "opened" : "updated") + " pull request #" + pr.pull().number() + " "
                + branch + " -> " + staging + ": " + pr.pull().url() + " (never merged automatically: a person decides)");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.REVERT.id());
        result.put("reverted", head.commit());
        result.put("merge", merge);
        result.put("fromPullRequest", fromPull);
        result.put("branch", branch);
        result.put("revertCommit", revert);
        result.put("pushed", onRemote.pushed());
        result.put("pullRequest", pr.pull().toMap());
        result.put("created", pr.created());
        return result;
    }

    /** This deployment's staging evidence for exactly HEAD's tree, which must say failed; else exit 1. */
    private static Evidence failedEvidence(PromoteContext ctx, RepoState head, Optional<EvidenceNote> note)
            throws HubDeployException {
        Optional<Evidence> found = note.flatMap(n -> n.find(ctx.config.deployment(), ctx.stagingEnv()));
        String subject = ctx.config.deployment() + "/" + ctx.stagingEnv();
        if (found.isEmpty()) {
            throw HubDeployException.failed("revert refused: there is no " + subject + " evidence for tree "
                    + head.tree() + " (HEAD " + head.commit() + "): nothing says this change failed, and a change that"
                    + " was not tested is never reverted. Record the smoke test's result first (mode record)");
        }
        Evidence evidence = found.get();
        if (!Evidence.FAILED.equals(evidence.result())) {
            throw HubDeployException.failed("revert refused: the " + subject + " evidence for tree " + head.tree()
                    + " says '" + evidence.result() + "' (" + evidence.smoke().passed() + " passed, "
                    + evidence.smoke().failed() + " failed, recorded " + evidence.recordedAt() + "): a change that"
                    + " passed is never reverted");
        }
        return evidence;
    }

    /** HEAD's parents; exit 1 for a root commit, 2 for a shallow checkout that lacks them. */
    private static List<String> parents(PromoteContext ctx, String commit)
            throws IOException, InterruptedException, HubDeployException {
        List<String> ids = new ArrayList<>(Arrays.asList(ctx.git.require(List.of("rev-list", "--parents", "-n", "1",
                commit), "git rev-list --parents").split("\\s+")));
        ids.remove(0);
        if (ids.isEmpty()) {
            String shallow = ctx.git.require(List.of("rev-parse", "--is-shallow-repository"), "git rev-parse");
            if (shallow.equals("true")) {
                throw HubDeployException.usage("revert: the checkout is a shallow clone without the parents of "
                        + commit + "; check out with a depth of at least 2 (or the full history) to revert it");
            }
            throw HubDeployException.failed("revert refused: " + commit + " is the repository's first commit; there"
                    + " is nothing to revert it to");
        }
        return ids;
    }

    /** The revert branch on the remote and whether this run pushed it. */
    private record Branch(String commit, boolean pushed) {
    }

    /**
     * The branch already on the remote (an earlier run, another deployment of the same commit: reused, never
     * overwritten), else the revert of {@code commit} on {@code base} (a {@code merge} against its first parent)
     * pushed as a new branch.
     */
    private static Branch revertBranch(PromoteContext ctx, String branch, String base, String commit, boolean merge,
                                       String message) throws IOException, InterruptedException, HubDeployException {
        String remote = ctx.options.remote();
        String existing = remoteBranch(ctx, remote, branch);
        if (existing != null) {
            ctx.log.info("revert: " + branch + " is already on " + remote + " at " + existing + " (an earlier run):"
                    + " reused, not pushed again");
            return new Branch(existing, false);
        }
        String revert = new RevertCommit(ctx.git, ctx.scratch).revert(commit, merge, base, message);
        if (push(ctx, remote, branch, revert)) {
            return new Branch(revert, true);
        }
        existing = remoteBranch(ctx, remote, branch);
        if (existing == null) {
            throw HubDeployException.environment("git push of " + branch + " to '" + remote + "' was rejected, but the"
                    + " remote has no such branch; run the revert again");
        }
        return new Branch(existing, false);
    }

    /** The branch's commit on the remote, or null when it has none. */
    private static String remoteBranch(PromoteContext ctx, String remote, String branch)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = ctx.git.remote(List.of("ls-remote", "--heads", remote, "refs/heads/" + branch));
        if (!result.ok()) {
            throw HubDeployException.environment("git ls-remote " + remote + " failed: " + ctx.git.errorText(result)
                    + (GitCli.authenticationFailed(result) ? "; give the job's git credentials (gitCredentialsId)"
                    + " read access (contents: read)" : "; check the remote's URL and that the agent can reach it"));
        }
        String line = result.stdout().strip();
        return line.isEmpty() ? null : line.split("\\s+")[0];
    }

    /** Pushes the new branch (never over an existing one); false when another run created it meanwhile. */
    private static boolean push(PromoteContext ctx, String remote, String branch, String commit)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult push = ctx.git.remote(List.of("push", "--porcelain", "--force-with-lease=refs/heads/" + branch
                + ":", remote, commit + ":refs/heads/" + branch));
        if (push.ok()) {
            ctx.log.info("revert: pushed " + commit + " as " + branch + " to " + remote);
            return true;
        }
        if (GitCli.authenticationFailed(push)) {
            throw HubDeployException.environment("git could not push " + branch + " to '" + remote + "': the remote"
                    + " refused the credentials (" + ctx.git.errorText(push) + "); give the job's git credentials"
                    + " (gitCredentialsId) write access (contents: write)");
        }
        if (GitCli.pushRejectedAsStale(push)) {
            ctx.log.info("revert: " + branch + " appeared on " + remote + " meanwhile (another run): using it");
            return false;
        }
        throw HubDeployException.environment("git could not push " + branch + " to '" + remote + "': "
                + ctx.git.errorText(push) + "; check the remote and that branches matching " + BRANCH_PREFIX
                + "* may be pushed");
    }

    /** Every deployment whose staging evidence for this tree failed (a many-hub commit can break several). */
    private static List<Evidence> failedOnStaging(PromoteContext ctx, Optional<EvidenceNote> note) {
        return note.map(n -> n.evidence().stream()
                .filter(e -> e.environment().equals(ctx.stagingEnv()) && !e.passed()).toList()).orElse(List.of());
    }

    /** The failed checks of this build's smoke report, when it is the very report the evidence binds. */
    private static SmokeFailures.Report smokeFailures(PromoteContext ctx, Evidence evidence)
            throws IOException, InterruptedException, HubDeployException {
        SmokeFailures.Report report = ctx.agent.run(new SmokeFailures(ctx.options.smokeReport()));
        return report != null && report.sha256().equals(evidence.smoke().reportSha256()) ? report : null;
    }
}
