package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.ChangedSinceLive;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Record mode for a deployment the staging deploy skipped because nothing it depends on changed since the commit
 * live on staging ({@code changed: true}): the checkout's tree gets evidence that carries over the live commit's.
 * The engine decides itself that the deployment is unchanged ({@link ChangedSinceLive}: the deploy record in the
 * cluster names the live commit, git says no input changed since), so a pipeline cannot claim it. The live commit's
 * tree must have passed evidence, and it is re-verified now where its checks still apply: the live staging release
 * is still that revision with those values, and every image tag still has the recorded digest. The age check does
 * not apply (the carried evidence is stamped now, after that re-verification; {@code extra.carriedFrom} keeps when
 * the smoke test ran). Anything else refuses (exit 1): the deployment must be deployed and tested.
 */
final class EvidenceCarryOver {

    private EvidenceCarryOver() {
    }

    /** Whether the deployment changed since the commit live on staging, read with the staging kubeconfig. */
    static ChangedSinceLive.Decision decide(PromoteContext ctx) throws IOException, InterruptedException,
            HubDeployException {
        Map<String, String> env = new HashMap<>(ctx.env);
        if (ctx.options.stagingKubeconfig() != null) {
            env.put("KUBECONFIG", ctx.options.stagingKubeconfig());
        }
        return new ChangedSinceLive(ctx.runner, env).decide(ctx.config, ctx.stagingEnv());
    }

    /** Evidence for {@code head}'s tree carried over from the live commit's, or exit 1 naming the failed check. */
    static Evidence carry(PromoteContext ctx, RepoState head, ChangedSinceLive.Decision decision)
            throws IOException, InterruptedException, HubDeployException {
        String subject = ctx.config.deployment() + "/" + ctx.stagingEnv();
        String live = decision.liveCommit();
        if (head.dirty()) {
            throw HubDeployException.failed("evidence of " + subject + " cannot be carried over to commit "
                    + head.commit() + ": the checkout has uncommitted changes, so its tree is not what was compared"
                    + " with the live commit; record from a clean checkout");
        }
        String liveTree = MergeMode.tree(ctx, live);
        ctx.log.info("record: " + subject + " was not deployed by this build: " + decision.reason() + "; carrying"
                + " over the evidence of the live commit " + live + " (tree " + liveTree + ")");
        ctx.store.fetch();
        Optional<Evidence> found = ctx.store.forTree(liveTree, ctx.config.deployment(), ctx.stagingEnv());
        StagingRelease staging = new StagingRelease(ctx.runner, ctx.env, ctx.options.stagingKubeconfig(), ctx.masker);
        EvidenceVerifier verifier = new EvidenceVerifier(ctx.agent, ctx.log, ctx.clock, ctx.env,
                ctx.options.registryCredentials(), staging);
        Verification v = verifier.run(found, liveTree, ctx.config, ctx.stagingEnv(), null);
        if (!v.passed()) {
            throw refusal(v, subject, head, live, liveTree);
        }
        Evidence source = v.evidence();
        CarriedFrom from = new CarriedFrom(live, liveTree, source.recordedAt(), source.buildUrl(), decision.reason());
        return new Evidence(ctx.config.deployment(), ctx.stagingEnv(), head.commit(), head.tree(), source.images(),
                source.deploy(), source.smoke(), Evidence.PASSED, ctx.clock.instant().toString(), ctx.buildUrl(),
                from.asExtra());
    }

    private static HubDeployException refusal(Verification v, String subject, RepoState head, String live,
                                              String liveTree) {
        Verification.Check failed = v.checks().get(v.checks().size() - 1);
        String deployIt = "deploy it to staging (it must be deployed and tested: helmDeployStaging without changed /"
                + " hubdeploy deploy --env staging), smoke-test it and record";
        String why = switch (failed.name()) {
            case "evidence" -> "the live commit's tree has no staging evidence of this deployment";
            case "tree" -> "the note on the live commit's tree names another tree (edited by hand)";
            case "result" -> "the live commit's evidence is not a pass: its smoke tests failed";
            case "staging-revision", "staging-values" -> "staging no longer runs what was tested (deployed again since)";
            case "image-digest" -> "an image tag was re-pushed since staging was tested";
            default -> "a check failed";
        };
        return HubDeployException.failed("evidence of " + subject + " cannot be carried over to commit " + head.commit()
                + " (tree " + head.tree() + "): it is unchanged since the live commit " + live + " (tree " + liveTree
                + "), but " + why + ": check '" + failed.name() + "' expected " + failed.expected() + ", found "
                + failed.found() + ". Nothing was recorded; " + deployIt);
    }
}
