package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.ChangedSinceLive;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code record}: binds the checkout's commit and tree, the deployment's staging deploy record and the smoke report
 * into evidence, stores it as git notes on the remote and, on GitHub, sets the commit status {@code hubdeploy/staging}.
 * A failed smoke run is recorded as failed and fails the run (exit 1). When this workspace holds no deploy record of
 * the deployment for the checkout's tree (a staging deploy with {@code changed: true} skipped it), the engine asks
 * the cluster whether the deployment is unchanged since the live commit and then carries that commit's evidence over
 * ({@link EvidenceCarryOver}); no smoke report is needed then.
 */
final class RecordMode {
    static final String STATUS_CONTEXT = "hubdeploy/staging";

    private RecordMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        RepoState head = RepoState.read(ctx.git);
        EvidenceInputs.Texts inputs = ctx.agent.run(new EvidenceInputs(ctx.config.deployment(), ctx.stagingEnv(),
                ctx.options.smokeReport()));
        EvidenceRecorder recorder = new EvidenceRecorder(ctx.clock);
        Evidence evidence;
        if (deployedHere(ctx, head, inputs)) {
            evidence = recorder.build(ctx.config, ctx.stagingEnv(), head, inputs, ctx.options.smokeReport(),
                    ctx.buildUrl(), Map.of());
        } else {
            evidence = carryOver(ctx, head, inputs, recorder);
        }
        ctx.store.record(evidence);
        CarriedFrom carried = CarriedFrom.of(evidence);
        String state = ctx.status(head.commit(), evidence.passed(), STATUS_CONTEXT, ctx.config.deployment() + ": "
                + ctx.stagingEnv() + (carried == null ? " smoke " + evidence.result() + " (" + evidence.smoke().passed()
                + " passed, " + evidence.smoke().failed() + " failed)" : " unchanged since "
                + carried.commit().substring(0, 12) + ", evidence carried over") + ", revision "
                + evidence.deploy().revision());
        if (!evidence.passed()) {
            throw HubDeployException.failed("the " + ctx.stagingEnv() + " smoke tests did not pass ("
                    + evidence.smoke().failed() + " failed, " + evidence.smoke().passed() + " passed): evidence"
                    + " recorded as failed for tree " + head.tree() + "; prod will refuse it. Fix "
                    + ctx.stagingEnv() + ", deploy, smoke-test and record again");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.RECORD.id());
        result.put("recorded", true);
        result.put("carriedOver", carried == null ? null : carried.toMap());
        result.put("evidence", evidence.toMap());
        result.put("notesRef", EvidenceStore.REF);
        result.put("githubStatus", state);
        return result;
    }

    /** This workspace deployed the deployment's staging from the checkout's tree (its own deploy record says so). */
    private static boolean deployedHere(PromoteContext ctx, RepoState head, EvidenceInputs.Texts inputs) {
        if (inputs.deployRecordJson() == null) {
            return false;
        }
        try {
            DeployRecord record = DeployRecord.fromJson(inputs.deployRecordJson());
            return record.deployment().equals(ctx.config.deployment())
                    && record.environment().equals(ctx.stagingEnv()) && head.tree().equals(record.gitTree());
        } catch (HubDeployException unreadable) {
            return true;  // the recorder reports it
        }
    }

    /**
     * No deploy record of this deployment for this tree here: carry the live commit's evidence over when the
     * deployment is unchanged since it; otherwise the reason the record cannot be bound, plus why nothing carries over.
     */
    private static Evidence carryOver(PromoteContext ctx, RepoState head, EvidenceInputs.Texts inputs,
                                      EvidenceRecorder recorder) throws IOException, InterruptedException, HubDeployException {
        ChangedSinceLive.Decision decision;
        try {
            decision = EvidenceCarryOver.decide(ctx);
        } catch (HubDeployException unreadable) {
            throw notBound(ctx, head, inputs, recorder, "its evidence cannot be carried over either: whether it changed"
                    + " since the commit live on " + ctx.stagingEnv() + " could not be read (" + unreadable.getMessage()
                    + "). For a deployment the staging deploy skipped as unchanged, run record with the staging"
                    + " kubeconfig (inside withKubeConfig / --staging-kubeconfig) and kubectl and helm on the agent");
        }
        if (decision.deploy()) {
            throw notBound(ctx, head, inputs, recorder, "no evidence is carried over: " + ctx.config.deployment()
                    + " must be deployed to " + ctx.stagingEnv() + " and tested (" + decision.reason() + ")");
        }
        return EvidenceCarryOver.carry(ctx, head, decision);
    }

    /** The recorder's own refusal of these inputs (exit code kept), with {@code note} added. */
    private static HubDeployException notBound(PromoteContext ctx, RepoState head, EvidenceInputs.Texts inputs,
                                               EvidenceRecorder recorder, String note) {
        try {
            recorder.build(ctx.config, ctx.stagingEnv(), head, inputs, ctx.options.smokeReport(), ctx.buildUrl(),
                    Map.of());
        } catch (HubDeployException refused) {
            return new HubDeployException(refused.exitCode(), refused.getMessage() + "; " + note);
        }
        return HubDeployException.usage("no deploy record of " + ctx.config.deployment() + " for tree " + head.tree()
                + " in this workspace; " + note);
    }
}
