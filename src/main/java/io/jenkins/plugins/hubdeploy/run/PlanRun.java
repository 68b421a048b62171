package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.image.ManifestBatchLookupTask;
import io.jenkins.plugins.hubdeploy.image.ManifestLookupTask;
import io.jenkins.plugins.hubdeploy.image.ManifestStatus;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.kube.LeaseLock;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;
import io.jenkins.plugins.hubdeploy.promote.DenyWindow;
import io.jenkins.plugins.hubdeploy.promote.DenyWindows;
import io.jenkins.plugins.hubdeploy.promote.EvidenceStore;
import io.jenkins.plugins.hubdeploy.promote.EvidenceVerifier;
import io.jenkins.plugins.hubdeploy.promote.GitCli;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import io.jenkins.plugins.hubdeploy.promote.PromoteOptions;
import io.jenkins.plugins.hubdeploy.promote.PromotionSettings;
import io.jenkins.plugins.hubdeploy.promote.Verification;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hubdeploy plan}: what the process would do for the checkout, without changing anything. Each part reuses the
 * engine that does the real work: the images' content tags and registry lookups (as the build), the deploy preflight
 * (helm template + values diff against the live release), the staging evidence of HEAD's tree (the promotion's
 * store and verifier), and the promotion's deny windows and prod lock (the Lease, read only). A part that cannot look (registry, cluster or git remote
 * unreachable, a tool missing) is reported as such, and the plan's exit code is then 3; a refusal is a finding,
 * not an error (exit 0).
 */
public final class PlanRun {
    private final ProcessRunner runner;
    private final Agent agent;
    private final SerializableBuildLog log;
    private final Map<String, String> env;
    private final Clock clock;

    public PlanRun(ProcessRunner runner, Agent agent, SerializableBuildLog log, Map<String, String> env, Clock clock) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** The plan as a map (the JSON the CLI prints); {@code cannotLook} lists the parts that could not be read. */
    public Map<String, Object> run(DeploymentConfig config, String environment, RegistryCredentials credentials)
            throws IOException, InterruptedException, HubDeployException {
        EnvironmentSpec env = config.environment(environment); // exit 2 naming the environments when unknown
        Map<String, Object> plan = new LinkedHashMap<>();
        List<String> cannotLook = new ArrayList<>();
        plan.put("deployment", config.deployment());
        plan.put("environment", env.name());
        plan.put("images", part(cannotLook, "images", () -> images(config, credentials)));
        plan.put("values", part(cannotLook, "values", () -> values(config, env.name(), credentials)));
        PromoteOptions promote = PromoteOptions.of(PromoteMode.CHECK);
        Object evidence = part(cannotLook, "evidence", () -> evidence(config, promote, credentials));
        plan.put("evidence", evidence);
        Object lock = part(cannotLook, "lock", () -> lock(config, promote));
        plan.put("promotion", promotion(config, evidence, lock));
        plan.put("cannotLook", cannotLook);
        plan.put("exitCode", cannotLook.isEmpty() ? 0 : ExitCode.ENVIRONMENT.code());
        return plan;
    }

    private interface Part {
        Object read() throws IOException, InterruptedException, HubDeployException;
    }

    /** A part's result, or {@code {error: message}}: bad input still stops the plan (exit 2). */
    private Object part(List<String> cannotLook, String name, Part part)
            throws IOException, InterruptedException, HubDeployException {
        try {
            return part.read();
        } catch (HubDeployException e) {
            if (e.exitCode() == ExitCode.USAGE) {
                throw e;
            }
            cannotLook.add(name);
            log.warn("plan: cannot look at the " + name + ": " + e.getMessage());
            return Map.of("error", e.getMessage());
        }
    }

    /** Per image: content tag and whether the registry has it (reuse) or not (build), in one agent trip. */
    private List<Map<String, Object>> images(DeploymentConfig config, RegistryCredentials credentials)
            throws IOException, InterruptedException, HubDeployException {
        List<ImageSpec> specs = config.images();
        List<String> tags = new ContentTagger(runner, agent, log).tagsFor(specs);
        List<ManifestLookupTask> lookups = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ImageName name = ImageName.parse(specs.get(i).name());
            lookups.add(new ManifestLookupTask(name, tags.get(i), config.build().isInsecure(name.registry()),
                    credentials, env));
        }
        List<ManifestStatus> found = agent.run(new ManifestBatchLookupTask(lookups));
        List<Map<String, Object>> images = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("image", specs.get(i).name() + ":" + tags.get(i));
            image.put("inRegistry", found.get(i).digest() != null);
            image.put("digest", found.get(i).digest());
            image.put("action", found.get(i).digest() != null ? "reuse" : "build");
            images.add(image);
        }
        return images;
    }

    /** The deploy preflight: rendered objects and the values diff against the live release. */
    private Map<String, Object> values(DeploymentConfig config, String environment, RegistryCredentials credentials)
            throws IOException, InterruptedException, HubDeployException {
        DeployOptions options = new DeployOptions(environment, true, false, HelmDuration.parse("5m", "timeout"), null,
                StuckPolicy.FAIL, credentials);
        Map<String, Object> preflight = new DeployRun(runner, agent, log, env).run(config, options).toMap();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : List.of("release", "namespace", "releaseExists", "valuesDiff", "missingImages",
                "secretsLeftOut")) {
            values.put(key, preflight.get(key));
        }
        return values;
    }

    /** The staging evidence of HEAD's tree: none, passed, failed or stale (too old, or the registry moved a tag). */
    private Map<String, Object> evidence(DeploymentConfig config, PromoteOptions promote, RegistryCredentials credentials)
            throws IOException, InterruptedException, HubDeployException {
        SecretMasker masker = new SecretMasker();
        GitCli git = new GitCli(runner, env, masker, null);
        String[] ids = git.require(List.of("rev-parse", "HEAD", "HEAD^{tree}"),
                "git rev-parse HEAD (is the repository a git checkout?)").split("\n");
        String scratch = agent.run(new ScratchDir.Create());
        try {
            EvidenceStore store = new EvidenceStore(git, promote.remote(), agent, scratch, log);
            store.fetch();
            Duration maxAge = PromotionSettings.resolve(promote, config).maxEvidenceAge();
            String tree = ids[1].strip();
            Verification verification = new EvidenceVerifier(agent, log, clock, env, credentials, null)
                    .run(store.forTree(tree, config.deployment(), promote.stagingEnv()), tree, config,
                            promote.stagingEnv(), maxAge);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("commit", ids[0].strip());
            evidence.put("tree", tree);
            evidence.put("state", state(verification));
            Optional<Verification.Check> failed = verification.checks().stream().filter(c -> !c.passed()).findFirst();
            evidence.put("detail", failed.map(c -> "check '" + c.name() + "': expected " + c.expected() + ", found "
                    + c.found()).orElse(verification.checks().size() + " checks passed"));
            return evidence;
        } finally {
            Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
        }
    }

    static String state(Verification verification) {
        Optional<Verification.Check> failed = verification.checks().stream().filter(c -> !c.passed()).findFirst();
        if (failed.isEmpty()) {
            return "passed";
        }
        return switch (failed.get().name()) {
            case "evidence" -> "none";
            case "tree", "result" -> "failed";
            default -> "stale"; // age, or the registry's digest for a tag moved since it was tested
        };
    }

    /** The prod promotion lock (a Lease in prod's namespace, read with the ambient KUBECONFIG): free or its holder. */
    private String lock(DeploymentConfig config, PromoteOptions promote)
            throws IOException, InterruptedException, HubDeployException {
        EnvironmentSpec prod = config.environment(promote.prodEnv());
        String release = config.chart().releaseFor(config.deployment(), prod.name());
        return LeaseLock.currentHolder(new KubectlCli(runner, env, new SecretMasker()), agent, new SecretMasker(), clock,
                LeaseLock.Settings.of(config.promotion().lock(), prod.namespace(), release, env));
    }

    /** Would promoting this tree to prod be allowed now: passed evidence, no open deny window, a free lock. */
    private Map<String, Object> promotion(DeploymentConfig config, Object evidence, Object lock) {
        List<String> refusals = new ArrayList<>();
        if (!(evidence instanceof Map<?, ?> e) || !"passed".equals(e.get("state"))) {
            refusals.add(evidence instanceof Map<?, ?> e2 && e2.get("state") != null
                    ? "the staging evidence of this tree is " + e2.get("state") : "the staging evidence could not be read");
        }
        Optional<DenyWindow.Occurrence> window = DenyWindows.of(config.promotion(), clock).check();
        window.ifPresent(w -> refusals.add("deny window open until " + w.end() + ": " + w.reason()));
        if (lock instanceof String held && !held.equals("free")) {
            refusals.add("another promotion holds the prod lock: " + held + " (a deploy would wait for it)");
        }
        Map<String, Object> promotion = new LinkedHashMap<>();
        promotion.put("allowed", refusals.isEmpty());
        promotion.put("refusals", refusals);
        promotion.put("denyWindow", window.map(w -> w.reason() + " (until " + w.end() + ")").orElse(null));
        promotion.put("lock", lock instanceof String held ? held : "could not be read");
        return promotion;
    }
}
