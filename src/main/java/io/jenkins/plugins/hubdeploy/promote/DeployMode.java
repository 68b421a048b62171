package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.kube.LeaseLock;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.smoke.CheckResult;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code deploy}: on the prod branch. Verifies the staging evidence of the checkout's tree (nothing touches prod
 * before), refuses inside a deny window unless overridden, takes the one-promotion-at-a-time Lease in the prod
 * namespace, deploys prod with exactly the recorded images (tags and digests) through {@link ProdDeployer} (prod
 * smoke, rollback and re-smoke on failure), and records prod evidence (with the override and the rollback outcome)
 * before it reports the verdict. The prod smoke test goes to the given hub URL, else prod's configured hubUrl.
 */
final class DeployMode {
    private DeployMode() {
    }

    static Map<String, Object> run(PromoteContext ctx, String hubToken) throws IOException, InterruptedException,
            HubDeployException {
        RepoState head = RepoState.read(ctx.git);
        Verification verification = ctx.verifyTree(head.tree());
        Evidence staging = verification.evidence();
        List<ImageValues> images = recordedImages(ctx, staging);
        PromotionSpec promotion = ctx.config.promotion();
        String user = firstSet(ctx.env.get("BUILD_USER_ID"), ctx.env.get("BUILD_USER"), ctx.env.get("USER"));
        Optional<DenyWindowOverride> override = DenyWindows.of(promotion, ctx.clock)
                .clear(ctx.options.overrideDenyWindow(), user);
        override.ifPresent(o -> ctx.log.warn("prod: " + o.logLine()));
        if (hubToken == null || hubToken.isBlank()) {
            throw HubDeployException.usage("mode deploy smoke-tests prod: give the prod hub's API token (step:"
                    + " hubCredentialsId, a 'Secret text' credential, or JUPYTERHUB_API_TOKEN; CLI: --token-env VAR)");
        }
        String prodEnv = ctx.options.prodEnv();
        EnvironmentSpec prod = ctx.config.environment(prodEnv);
        String release = ctx.config.chart().releaseFor(ctx.config.deployment(), prod.name());
        KubectlCli kubectl = new KubectlCli(ctx.runner, ctx.env, ctx.masker);
        LeaseLock.Settings lockSettings = LeaseLock.Settings.of(promotion.lock(), prod.namespace(), release, ctx.env);
        ProdDeployOutcome outcome;
        try (LeaseLock lock = LeaseLock.acquire(kubectl, ctx.agent, ctx.log, ctx.masker, ctx.clock, lockSettings)) {
            ProdDeployOptions options = new ProdDeployOptions(new DeployOptions(prodEnv, false, false,
                    DeployOptions.DEFAULT_TIMEOUT, null, StuckPolicy.FAIL, ctx.options.registryCredentials()),
                    ProdDeployOptions.smokeOf(prodEnv, ctx.options.hubUrl()));
            outcome = new ProdDeployer(ctx.runner, ctx.agent, ctx.log, ctx.env).deploy(ctx.config, images, options,
                    hubToken, lock::checkHeld);
        }
        Evidence prodEvidence = prodEvidence(ctx, head, staging, outcome, override.orElse(null));
        if (prodEvidence != null) {
            ctx.store.record(prodEvidence);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", PromoteMode.DEPLOY.id());
        result.put("verification", verification.toMap());
        result.put("denyWindowOverride", override.map(DenyWindowOverride::toMap).orElse(null));
        result.put("prod", outcome.toMap());
        result.put("prodEvidence", prodEvidence == null ? null : prodEvidence.toMap());
        outcome.verdict();
        return result;
    }

    /** The evidence's images with the configuration's valuesPath; every configured image must have been tested. */
    private static List<ImageValues> recordedImages(PromoteContext ctx, Evidence staging) throws HubDeployException {
        List<ImageValues> images = new ArrayList<>();
        for (ImageSpec spec : ctx.config.images()) {
            Evidence.Image tested = staging.images().stream().filter(i -> i.name().equals(spec.name())).findFirst()
                    .orElseThrow(() -> HubDeployException.failed("promotion refused: image " + spec.name() + " is in"
                            + " the configuration but not in the staging evidence of tree " + staging.tree()
                            + ": it never ran on staging. Deploy this commit to staging, smoke-test and record"));
            images.add(tested.values(spec.valuesPath()));
        }
        return images;
    }

    /** Evidence of what prod now runs (or of the failure); null when the deploy never produced a record. */
    private static Evidence prodEvidence(PromoteContext ctx, RepoState head, Evidence staging, ProdDeployOutcome outcome,
                                         DenyWindowOverride override) {
        DeployRecord record = outcome.deployRecord();
        if (record == null) {
            return null;
        }
        SmokeReport smoke = outcome.smoke();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("stagingEvidence", Map.of("commit", staging.commit(), "recordedAt", staging.recordedAt()));
        if (override != null) {
            extra.put("denyWindowOverride", override.toMap());
        }
        if (outcome.rollback() != null) {
            extra.put("rollback", outcome.rollback().toMap());
        }
        List<Evidence.Image> images = record.images().stream()
                .map(i -> new Evidence.Image(i.name(), i.tag(), i.digest())).toList();
        Evidence.Smoke smokeFacts = smoke == null ? new Evidence.Smoke(null, 0, 0, 0, null, null)
                : new Evidence.Smoke(smoke.hubUrl(), smoke.count(CheckResult.Status.PASSED),
                smoke.count(CheckResult.Status.FAILED), smoke.count(CheckResult.Status.SKIPPED), smoke.hubVersion(),
                sha256(smoke.toMap()));
        return new Evidence(ctx.config.deployment(), outcome.environment(), head.commit(), head.tree(), images,
                new Evidence.Deploy(record.release(), record.namespace(), record.revision(), record.chartName(),
                        record.chartVersion(), record.valuesSha256()), smokeFacts,
                outcome.passed() ? Evidence.PASSED : Evidence.FAILED, ctx.clock.instant().toString(), ctx.buildUrl(),
                extra);
    }

    private static String sha256(Map<String, Object> report) {
        try {
            return EvidenceInputs.sha256(new ObjectMapper().writeValueAsString(report).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
