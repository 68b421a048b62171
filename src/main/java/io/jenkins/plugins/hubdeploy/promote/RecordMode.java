package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code record}: binds the checkout's commit and tree, the staging deploy record and the smoke report into
 * evidence, stores it as git notes on the remote and, on GitHub, sets the commit status {@code hubdeploy/staging}.
 * A failed smoke run is recorded as failed and fails the run (exit 1).
 */
final class RecordMode {
    static final String STATUS_CONTEXT = "hubdeploy/staging";

    private RecordMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        RepoState head = RepoState.read(ctx.git);
        EvidenceInputs.Texts inputs = ctx.agent.run(new EvidenceInputs(DeployRecord.workspacePath(ctx.stagingEnv()),
                ctx.options.smokeReport()));
        Evidence evidence = new EvidenceRecorder(ctx.clock).build(ctx.config, ctx.stagingEnv(), head, inputs,
                ctx.buildUrl(), Map.of());
        ctx.store.record(evidence);
        String state = ctx.status(head.commit(), evidence.passed(), STATUS_CONTEXT, ctx.config.deployment() + ": "
                + ctx.stagingEnv() + " smoke " + evidence.result() + " (" + evidence.smoke().passed() + " passed, "
                + evidence.smoke().failed() + " failed), revision " + evidence.deploy().revision());
        if (!evidence.passed()) {
            throw HubDeployException.failed("the " + ctx.stagingEnv() + " smoke tests did not pass ("
                    + evidence.smoke().failed() + " failed, " + evidence.smoke().passed() + " passed): evidence"
                    + " recorded as failed for tree " + head.tree() + "; prod will refuse it. Fix "
                    + ctx.stagingEnv() + ", deploy, smoke-test and record again");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.RECORD.id());
        result.put("recorded", true);
        result.put("evidence", evidence.toMap());
        result.put("notesRef", EvidenceStore.REF);
        result.put("githubStatus", state);
        return result;
    }
}
