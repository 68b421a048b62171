package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.helm.ChartDependencies;
import io.jenkins.plugins.hubdeploy.helm.ChartSource;
import io.jenkins.plugins.hubdeploy.helm.DeployFiles;
import io.jenkins.plugins.hubdeploy.helm.HelmCli;
import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.helm.LayeredValues;
import io.jenkins.plugins.hubdeploy.helm.ReleaseInfo;
import io.jenkins.plugins.hubdeploy.helm.RenderedObjects;
import io.jenkins.plugins.hubdeploy.helm.SopsDecryptor;
import io.jenkins.plugins.hubdeploy.helm.StuckReleaseGuard;
import io.jenkins.plugins.hubdeploy.helm.Values;
import io.jenkins.plugins.hubdeploy.helm.ValuesDiff;
import io.jenkins.plugins.hubdeploy.helm.ValuesLayering;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.image.ManifestLookupTask;
import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.kube.DeployRecordStore;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.kube.PodDiagnostics;
import io.jenkins.plugins.hubdeploy.kube.RolloutWait;
import io.jenkins.plugins.hubdeploy.kube.Workload;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.MissingTool;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The deploy capability shared by {@code hubdeploy deploy} and the {@code helmDeployStaging} step (and, for prod,
 * promoteToProd): check the tools, resolve the images' content tags and refuse any the registry lacks, layer the
 * values, recover or refuse a stuck release, {@code helm upgrade --install}, wait for the rollout, record what was
 * deployed (workspace JSON + a ConfigMap in the cluster). A dry run renders and diffs instead, changing nothing.
 */
public final class DeployRun {
    private static final Duration HELM_MARGIN = Duration.ofMinutes(2);
    private static final Pattern HELM4_NOT_READY = Pattern.compile("resource \\S+ not ready\\. status: ");

    private final ProcessRunner runner;
    private final Agent agent;
    private final BuildLog log;
    private final Map<String, String> env;

    /** {@code env}: the environment helm, kubectl and sops run with (the step's EnvVars with KUBECONFIG; System.getenv() in the CLI). */
    public DeployRun(ProcessRunner runner, Agent agent, BuildLog log, Map<String, String> env) {
        this.runner = MissingTool.detecting(runner);
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    public DeployOutcome run(DeploymentConfig config, DeployOptions options)
            throws IOException, InterruptedException, HubDeployException {
        return run(config, options, null);
    }

    /**
     * A deploy of given images (promoteToProd: the tags and digests that ran on staging) instead of the checkout's
     * content tags: nothing is recomputed or rebuilt, and each tag must still have its recorded digest
     * ({@link PinnedImages}). {@code pinnedImages} null: the checkout's images, as {@link #run(DeploymentConfig, DeployOptions)}.
     */
    public DeployOutcome run(DeploymentConfig config, DeployOptions options, List<ImageValues> pinnedImages)
            throws IOException, InterruptedException, HubDeployException {
        EnvironmentSpec environment = config.environment(options.environment());
        config.notes().forEach(log::info);
        String release = config.chart().releaseFor(config.deployment(), environment.name());
        String namespace = environment.namespace();
        SecretMasker masker = new SecretMasker();
        HelmCli helm = new HelmCli(runner, env, masker);
        String helmVersion = helm.checkVersion();
        log.info("helm: " + helm.executable() + " " + helmVersion);
        KubectlCli kubectl = new KubectlCli(runner, env, masker);
        if (!options.dryRun()) {
            log.info("kubectl: " + kubectl.executable() + " " + kubectl.clientVersion());
        }
        log.info((options.dryRun() ? "preflight of " : "deploying ") + "release " + release + " to namespace "
                + namespace + " (environment " + environment.name() + ")");
        List<String> missing = new ArrayList<>();
        List<ImageValues> images = pinnedImages == null ? resolveImages(config, missing, options)
                : PinnedImages.check(config, pinnedImages, options, agent, log, env);
        ChartSource chart = agent.run(new ChartSource.Read(config.chart().path(), config.chart().version()));
        String scratch = agent.run(new ScratchDir.Create());
        try {
            LayeredValues values = new ValuesLayering(agent, new SopsDecryptor(runner, agent, env), log, masker)
                    .layer(environment, images, scratch, options.dryRun());
            if (values.secretsInUse()) {
                helm.secretsInUse();
            }
            if (chart.local() && chart.hasDependencies()) {
                new ChartDependencies(helm, agent, log).build(config.chart().path(), chart.ref(), scratch);
            }
            if (options.dryRun()) {
                return preflight(helm, release, namespace, environment, chart, values, images, missing);
            }
            new StuckReleaseGuard(helm, log).check(release, namespace, options.stuckPolicy(), options.timeout());
            ReleaseInfo deployed = upgrade(helm, kubectl, release, namespace, chart, values, options);
            ProcessResult manifest = helm.require(List.of("get", "manifest", release, "--namespace", namespace),
                    HelmCli.READ_TIMEOUT, "helm get manifest " + release);
            new RolloutWait(kubectl, log, masker).await(Workload.fromManifest(manifest.stdout(), namespace), namespace,
                    options.timeout());
            DeployRecord record = record(config, environment, release, namespace, deployed, chart, images, values, helmVersion);
            String json = record.toJson();
            String file = agent.run(new DeployFiles.WriteWorkspaceFile(DeployRecord.workspacePath(environment.name()), json));
            agent.run(new DeployFiles.WriteWorkspaceFile(DeployRecord.workspacePath(config.deployment(), environment.name()), json));
            String manifestFile = Path.of(scratch, "record-configmap.json").toString();
            agent.run(new DeployFiles.WritePrivate(manifestFile, DeployRecordStore.manifest(namespace, release, json)));
            new DeployRecordStore(kubectl, masker).write(manifestFile, namespace, release);
            log.info("deployed " + release + " revision " + record.revision() + "; record: " + file + " and ConfigMap "
                    + DeployRecordStore.configMapName(release) + " in namespace " + namespace);
            return record;
        } finally {
            cleanup(scratch);
        }
    }

    private List<ImageValues> resolveImages(DeploymentConfig config, List<String> missing, DeployOptions options)
            throws IOException, InterruptedException, HubDeployException {
        boolean dryRun = options.dryRun();
        List<ImageSpec> specs = config.images();
        List<String> tags = new ContentTagger(runner, agent, log, env).tagsFor(specs, config.build().maxContextFiles());
        List<ImageValues> images = new ArrayList<>();
        List<String> missingPins = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ImageSpec spec = specs.get(i);
            ImageName name = ImageName.parse(spec.name());
            boolean insecure = config.build().isInsecure(name.registry());
            // a pin with a digest is looked up by the digest: that is what runs
            String lookup = spec.prebuilt() && spec.pinnedDigest() != null ? spec.pinnedDigest() : tags.get(i);
            String tag = spec.prebuilt() && spec.pinnedTag() == null ? null : tags.get(i);
            String shown = tag == null ? name + "@" + lookup : name.withTag(tag);
            String digest;
            try {
                digest = agent.run(new ManifestLookupTask(name, lookup, insecure, options.registryCredentials(), env)).digest();
            } catch (HubDeployException e) {
                if (!dryRun || e.exitCode() != ExitCode.ENVIRONMENT) {
                    throw e;
                }
                log.warn("preflight: cannot check " + shown + " in the registry: " + e.getMessage());
                digest = null;
            }
            if (digest == null) {
                missing.add(shown);
                if (spec.prebuilt()) {
                    missingPins.add(shown);
                }
            } else {
                log.info("image " + shown + (spec.prebuilt() ? " (prebuilt, pinned)" : "") + " is in the registry: "
                        + digest);
            }
            images.add(new ImageValues(spec.name(), tag,
                    digest, spec.valuesPath()));
        }
        if (!missing.isEmpty()) {
            String what = String.join(", ", missing);
            if (!dryRun) {
                if (!missingPins.isEmpty()) {
                    throw HubDeployException.failed("the registry does not have " + String.join(", ", missingPins)
                            + ", pinned in " + config.configFile() + ": refusing to deploy an image that is not there."
                            + " Push it from the repository that builds it, or correct the pin, then deploy again.");
                }
                throw HubDeployException.failed("the registry does not have " + what + ": refusing to deploy an image "
                        + "that was never pushed. Run the build first (hubdeploy build --push -d " + config.deployment()
                        + ", or buildHubImage(push: true) in Jenkins), then deploy again.");
            }
            log.warn("preflight: the registry does not have " + what + " yet; a deploy would refuse it until it is built and pushed");
        }
        return images;
    }

    private DeployPreflight preflight(HelmCli helm, String release, String namespace, EnvironmentSpec environment,
                                      ChartSource chart, LayeredValues values, List<ImageValues> images,
                                      List<String> missing) throws IOException, InterruptedException, HubDeployException {
        List<String> args = new ArrayList<>(List.of("template", release, chart.ref(), "--namespace", namespace));
        addValuesAndVersion(args, chart, values);
        ProcessResult rendered = helm.require(args, HelmCli.READ_TIMEOUT, "helm template " + release);
        List<String> objects = RenderedObjects.of(rendered.stdout());
        log.info("preflight: the chart renders " + objects.size() + " object(s): " + String.join(", ", objects));
        boolean exists = false;
        Map<String, Object> live = Map.of();
        try {
            ProcessResult got = helm.run(List.of("get", "values", release, "--namespace", namespace, "-o", "json"),
                    HelmCli.READ_TIMEOUT);
            if (got.ok()) {
                exists = true;
                live = Values.parse(got.stdout(), "helm get values " + release);
            } else if (HelmCli.releaseNotFound(got)) {
                log.info("preflight: release " + release + " does not exist yet: every value is new");
            } else {
                log.warn("preflight: cannot read the live values of " + release + ": " + ClusterErrors.errorText(got));
            }
        } catch (HubDeployException e) {
            if (e.exitCode() != ExitCode.ENVIRONMENT) {
                throw e;
            }
            log.warn("preflight: no diff against the live release: " + e.getMessage());
        }
        boolean secretsLeftOut = !values.leftOut().isEmpty();
        List<String> diff = ValuesDiff.lines(live, values.merged(), values.secretPaths(), values.leftOutPaths(),
                values.leftOutKeysUnknown(), secretsLeftOut);
        log.info("preflight: " + diff.size() + " value(s) would change" + (secretsLeftOut
                ? " (secrets files left out: their paths are not compared, live values are not shown)" : "")
                + (diff.isEmpty() ? "" : ":"));
        diff.forEach(line -> log.info("  " + line));
        return new DeployPreflight(release, namespace, environment.name(), images, missing, objects, exists, diff,
                Values.sha256(values.merged()), values.leftOut());
    }

    private ReleaseInfo upgrade(HelmCli helm, KubectlCli kubectl, String release, String namespace, ChartSource chart,
                                LayeredValues values, DeployOptions options)
            throws IOException, InterruptedException, HubDeployException {
        List<String> args = new ArrayList<>(List.of("upgrade", "--install", release, chart.ref(), "--namespace", namespace));
        // helm's --create-namespace creates the namespace even when it exists (only AlreadyExists is tolerated), which a
        // namespace-scoped deploy identity is refused (Forbidden): leave it out for such credentials
        if (kubectl.canI("create", "namespaces")) {
            args.add("--create-namespace");
        } else {
            log.info("kubectl auth can-i create namespaces: no (namespace-scoped credentials): namespace " + namespace
                    + " must exist already");
        }
        args.add("--reset-values");
        addValuesAndVersion(args, chart, values);
        args.addAll(List.of(helm.flags().waitForReady(), "--timeout", HelmDuration.format(options.timeout()), "--cleanup-on-fail"));
        if (options.atomic()) {
            args.add(helm.flags().rollbackOnFailure());
        }
        if (options.historyMax() != null) {
            args.addAll(List.of("--history-max", String.valueOf(options.historyMax())));
        }
        args.addAll(List.of("--output", "json"));
        // --atomic (Helm 4: --rollback-on-failure) rolls back after the wait timed out, which may take as long again
        Duration limit = options.timeout().multipliedBy(options.atomic() ? 2 : 1).plus(HELM_MARGIN);
        log.info("helm: upgrade --install " + release + " (waiting up to " + HelmDuration.format(options.timeout())
                + " for the release to be ready" + (options.atomic() ? ", rolled back on failure" : "") + ")");
        long started = System.nanoTime();
        ProcessResult result = helm.run(args, limit);
        if (!result.ok()) {
            String error = ClusterErrors.errorText(result);
            boolean timedOut = waitTimedOut(error);
            if (timedOut) {
                log.warn("helm gave up waiting for the release to be ready after " + HelmDuration.format(options.timeout()));
                new PodDiagnostics(kubectl, log).report(namespace);
            }
            throw HubDeployException.failed("helm upgrade --install " + release + " in namespace " + namespace
                    + " failed: " + helm.mask(error) + (timedOut ? ". The release did not become ready within "
                    + HelmDuration.format(options.timeout()) + "; the pods' states and recent events are in the log above" : "")
                    + (options.atomic() ? ". " + helm.flags().rollbackOnFailure() + " rolled the release back." : ". Fix the cause and deploy again "
                    + "(the release is left failed, which the next deploy upgrades over)."));
        }
        ReleaseInfo info = ReleaseInfo.parse(result.stdout(), "helm upgrade " + release);
        log.info("helm: " + release + " revision " + info.revision() + " " + info.status() + " in "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        return info;
    }

    /**
     * Whether helm's error says its wait for readiness gave up: Helm 3 says "timed out waiting for the condition" or
     * "context deadline exceeded"; Helm 4's watcher names each resource, "resource Deployment/ns/hub not ready.
     * status: InProgress, ...".
     */
    static boolean waitTimedOut(String error) {
        return error.contains("timed out waiting") || error.contains("context deadline exceeded")
                || HELM4_NOT_READY.matcher(error).find();
    }

    private static void addValuesAndVersion(List<String> args, ChartSource chart, LayeredValues values) {
        for (String file : values.files()) {
            args.addAll(List.of("--values", file));
        }
        if (!chart.local() && chart.version() != null) {
            args.addAll(List.of("--version", chart.version()));
        }
    }

    private DeployRecord record(DeploymentConfig config, EnvironmentSpec environment, String release, String namespace,
                                ReleaseInfo deployed, ChartSource chart, List<ImageValues> images, LayeredValues values,
                                String helmVersion) throws IOException, InterruptedException {
        DeployGitState git = DeployGitState.read(runner, env);
        String buildUrl = env.get("BUILD_URL");
        return new DeployRecord(config.deployment(), environment.name(), release, namespace, deployed.revision(),
                deployed.status(), Optional.ofNullable(deployed.chartName()).orElse(chart.name()),
                Optional.ofNullable(deployed.chartVersion()).orElse(chart.version()), images,
                Values.sha256(values.merged()), git.commit(), git.tree(), git.dirty(), Instant.now().toString(),
                buildUrl == null || buildUrl.isBlank() ? null : buildUrl, helmVersion);
    }

    /** Deletes the decrypted/generated files even when the build was aborted (the interrupt is kept for the caller). */
    private void cleanup(String scratch) {
        Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
        if (failure != null) {
            log.warn("could not delete the temporary values directory " + scratch + " (" + failure.getMessage()
                    + "); delete it by hand: it may hold decrypted secrets");
        }
    }
}
