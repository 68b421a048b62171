package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.helm.HelmCli;
import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.helm.ReleaseHistory;
import io.jenkins.plugins.hubdeploy.helm.ReleaseInfo;
import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.kube.RolloutWait;
import io.jenkins.plugins.hubdeploy.kube.Workload;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.promote.ProdDeployOutcome.Rollback;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import io.jenkins.plugins.hubdeploy.smoke.CheckResult;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deploys prod with the engine that deploys staging ({@link DeployRun}) and exactly the images that ran there (the
 * recorded tags and digests: nothing recomputed, nothing rebuilt), then runs the prod smoke test (the deployment's
 * {@code smoke:} settings against prod's {@code hubUrl}). When the smoke test fails (a check failed, or the hub
 * could not be reached or could not spawn after the deploy), or the deploy fails after it changed the release
 * (helm, the rollout wait, the record), prod is put back: {@code helm rollback} to the revision it ran before, a rollout wait, and the
 * smoke test again; the outcome reports both runs and is exit 1. A failed first install has nothing to roll back
 * to: it is uninstalled only with {@code promotion.rollbackFirstInstall: true}. A rollback that fails is reported
 * (exit 1) with the command to finish it by hand.
 */
public final class ProdDeployer {
    private static final int HISTORY_MAX = 256;
    private static final String AFTER_ROLLBACK = "-after-rollback";

    private final ProcessRunner runner;
    private final Agent agent;
    private final SerializableBuildLog log;
    private final Map<String, String> env;

    /** {@code env}: the environment helm and kubectl run with (KUBECONFIG of prod). */
    public ProdDeployer(ProcessRunner runner, Agent agent, SerializableBuildLog log, Map<String, String> env) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    /** Whether this promotion may still change prod, e.g. {@code LeaseLock::checkHeld}; throws when it may not. */
    @FunctionalInterface
    public interface LockCheck {
        void check() throws HubDeployException;
    }

    /** {@link #deploy(DeploymentConfig, List, ProdDeployOptions, String, LockCheck)} without a lock to check. */
    public ProdDeployOutcome deploy(DeploymentConfig config, List<ImageValues> images, ProdDeployOptions options,
                                    String hubToken) throws IOException, InterruptedException, HubDeployException {
        return deploy(config, images, options, hubToken, () -> { });
    }

    /**
     * @param images   the verified images from the staging evidence: name, tag and digest each
     * @param hubToken the prod hub's API token for the smoke test (never logged or reported)
     * @param lock     asked before the deploy and before a rollback or uninstall: when the promotion lost its lock
     *                 meanwhile, prod is not changed again (another promotion may be deploying it)
     * @return the outcome; exit 2/3 problems before prod changed are thrown instead
     */
    public ProdDeployOutcome deploy(DeploymentConfig config, List<ImageValues> images, ProdDeployOptions options,
                                    String hubToken, LockCheck lock)
            throws IOException, InterruptedException, HubDeployException {
        Objects.requireNonNull(images, "images: a prod deploy takes the recorded images, never the checkout's");
        log.addSecret(hubToken);
        if (options.deploy().dryRun()) {
            throw HubDeployException.usage("a prod deploy cannot be a dry run: use hubdeploy deploy --dry-run --env "
                    + options.deploy().environment() + " for a preflight");
        }
        EnvironmentSpec environment = config.environment(options.deploy().environment());
        String release = config.chart().releaseFor(config.deployment(), environment.name());
        String namespace = environment.namespace();
        // the smoke settings are checked before anything changes: a missing hubUrl or token is exit 2, not a rollback
        SmokeOptions smokeOptions = SmokeRun.resolve(options.smoke(), () -> config);
        if (hubToken == null || hubToken.isBlank()) {
            throw HubDeployException.usage("no JupyterHub API token for the prod smoke test of " + smokeOptions.hubUrl()
                    + ": prod is only changed when it can be tested. Give the step the prod hub's token credential"
                    + " (CLI: the variable named by --token-env, default JUPYTERHUB_API_TOKEN)");
        }
        SecretMasker masker = new SecretMasker();
        masker.add(hubToken);
        HelmCli helm = new HelmCli(runner, env, masker);
        State before = state(helm, release, namespace);
        log.info(before.lastDeployed == null ? "prod: release " + release + " has no deployed revision yet: first install"
                : "prod: release " + release + " runs revision " + before.lastDeployed + "; a failed promotion rolls back to it");

        lock.check();
        DeployRecord record = null;
        String deployFailure = null;
        try {
            record = (DeployRecord) new DeployRun(runner, agent, log, env).run(config, options.deploy(), images);
        } catch (HubDeployException e) {
            if (e.exitCode() != ExitCode.FAILED || state(helm, release, namespace).latest == before.latest) {
                throw e; // refused or stopped before helm wrote a revision: prod is unchanged
            }
            deployFailure = e.getMessage();
            log.warn("prod: the deploy failed after it changed release " + release + ": " + deployFailure);
        }
        SmokeReport smoke = null;
        String why;
        if (record != null) {
            smoke = new SmokeRun(agent, log).run(smokeOptions, hubToken);
            if (smoke.exitCode() == ExitCode.OK) {
                String message = "prod release " + release + " revision " + record.revision()
                        + " deployed and its smoke test passed";
                log.info("prod: " + message);
                return new ProdDeployOutcome(environment.name(), release, namespace, before.lastDeployed, record, null,
                        smoke, null, null, ExitCode.OK, message);
            }
            why = "the prod smoke test of revision " + record.revision() + " failed (" + smokeFailures(smoke) + ")";
        } else {
            why = "the prod deploy failed (" + deployFailure + ")";
        }
        log.warn("prod: " + why);
        Duration timeout = options.deploy().timeout();
        try {
            lock.check();
        } catch (HubDeployException e) {
            Rollback none = new Rollback("none", before.lastDeployed, null, false, "prod was NOT put back, because "
                    + e.getMessage() + ". Check prod now");
            return new ProdDeployOutcome(environment.name(), release, namespace, before.lastDeployed, record,
                    deployFailure, smoke, none, null, ExitCode.FAILED, why + "; " + none.detail());
        }
        if (before.lastDeployed == null) {
            Rollback rollback = firstInstallFailed(config, helm, release, namespace, timeout);
            return new ProdDeployOutcome(environment.name(), release, namespace, null, record, deployFailure, smoke,
                    rollback, null, ExitCode.FAILED, why + "; " + rollback.detail());
        }
        Rollback rollback = rollBack(helm, masker, release, namespace, before.lastDeployed, timeout);
        SmokeReport again = null;
        String message = why + "; " + rollback.detail();
        if (rollback.succeeded()) {
            again = new SmokeRun(agent, log).run(afterRollback(smokeOptions), hubToken);
            message += again.exitCode() == ExitCode.OK
                    ? "; the smoke test passes on it: prod runs what it ran before. Fix the cause on staging and promote again"
                    : "; the smoke test fails there too (" + smokeFailures(again) + "): prod needs attention now";
        }
        log.warn("prod: " + message);
        return new ProdDeployOutcome(environment.name(), release, namespace, before.lastDeployed, record, deployFailure,
                smoke, rollback, again, ExitCode.FAILED, message);
    }

    private Rollback rollBack(HelmCli helm, SecretMasker masker, String release, String namespace, int target,
                              Duration timeout) throws IOException, InterruptedException {
        String byHand = "helm rollback " + release + " " + target + " --namespace " + namespace;
        log.warn("prod: rolling release " + release + " back to revision " + target);
        Integer newRevision = null;
        try {
            ProcessResult result = helm.rollback(release, namespace, target, timeout);
            if (!result.ok()) {
                return new Rollback("rollback", target, null, false, "the rollback to revision " + target + " FAILED: "
                        + masker.mask(ClusterErrors.errorText(result)) + ". Prod still runs the failing revision: roll"
                        + " back by hand (" + byHand + ")");
            }
            ProcessResult status = helm.require(List.of("status", release, "--namespace", namespace, "-o", "json"),
                    HelmCli.READ_TIMEOUT, "helm status " + release);
            newRevision = ReleaseInfo.parse(status.stdout(), "helm status " + release).revision();
            ProcessResult manifest = helm.require(List.of("get", "manifest", release, "--namespace", namespace),
                    HelmCli.READ_TIMEOUT, "helm get manifest " + release);
            KubectlCli kubectl = new KubectlCli(runner, env, masker);
            new RolloutWait(kubectl, log, masker).await(Workload.fromManifest(manifest.stdout(), namespace), namespace,
                    timeout);
        } catch (HubDeployException e) {
            String done = newRevision == null ? "the rollback to revision " + target + " FAILED: " + masker.mask(e.getMessage())
                    + ". Check prod and roll back by hand (" + byHand + ")"
                    : "helm rolled back to revision " + target + " (now revision " + newRevision + "), but it did not"
                    + " become ready: " + masker.mask(e.getMessage());
            return new Rollback("rollback", target, newRevision, false, done);
        }
        log.info("prod: release " + release + " rolled back to revision " + target + " (now revision " + newRevision + ")");
        return new Rollback("rollback", target, newRevision, true, "rolled back to revision " + target
                + " (now revision " + newRevision + ")");
    }

    private Rollback firstInstallFailed(DeploymentConfig config, HelmCli helm, String release, String namespace,
                                        Duration timeout) throws IOException, InterruptedException {
        if (!config.promotion().rollbackFirstInstall()) {
            return new Rollback("none", null, null, false, "this was the first install of " + release + ": there is no"
                    + " revision to roll back to, and it is left in place for inspection (set"
                    + " promotion.rollbackFirstInstall: true to uninstall it instead)");
        }
        log.warn("prod: uninstalling the failed first install of " + release + " (promotion.rollbackFirstInstall)");
        try {
            ProcessResult result = helm.run(List.of("uninstall", release, "--namespace", namespace, "--wait",
                    "--timeout", HelmDuration.format(timeout)),
                    timeout.plus(HelmCli.READ_TIMEOUT));
            if (!result.ok()) {
                return new Rollback("uninstall", null, null, false, "the uninstall of the failed first install FAILED: "
                        + helm.mask(ClusterErrors.errorText(result)) + " (by hand: helm uninstall " + release
                        + " --namespace " + namespace + ")");
            }
        } catch (HubDeployException e) {
            return new Rollback("uninstall", null, null, false, "the uninstall of the failed first install FAILED: "
                    + helm.mask(e.getMessage()));
        }
        return new Rollback("uninstall", null, null, true, "the failed first install of " + release
                + " was uninstalled (promotion.rollbackFirstInstall)");
    }

    /** The revision prod runs (the last deployed one) and the newest revision of any status. */
    private record State(Integer lastDeployed, int latest) {
    }

    private State state(HelmCli helm, String release, String namespace)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = helm.run(List.of("history", release, "--namespace", namespace, "--max",
                String.valueOf(HISTORY_MAX), "-o", "json"), HelmCli.READ_TIMEOUT);
        if (!result.ok()) {
            if (HelmCli.releaseNotFound(result)) {
                return new State(null, 0);
            }
            throw HubDeployException.failed("helm history " + release + " in namespace " + namespace + " failed: "
                    + helm.mask(ClusterErrors.errorText(result)) + "; nothing was changed. Fix the cause (namespace,"
                    + " kube context, RBAC) and promote again");
        }
        ReleaseHistory history = ReleaseHistory.parse(result.stdout());
        int latest = history.entries().stream().mapToInt(ReleaseHistory.Entry::revision).max().orElse(0);
        return new State(history.lastDeployed().map(ReleaseHistory.Entry::revision).orElse(null), latest);
    }

    private static String smokeFailures(SmokeReport report) {
        if (report.environmentFailure() != null) {
            return "could not run: " + report.environmentFailure();
        }
        return report.count(CheckResult.Status.FAILED) + " of "
                + report.checks().size() + " checks failed: " + String.join("; ", report.failureLines());
    }

    /** The same smoke run, writing its JUnit and JSON files beside the first run's. */
    private static SmokeOptions afterRollback(SmokeOptions o) {
        return new SmokeOptions(o.hubUrl(), o.user(), o.imports(), o.notebooks(), o.checkTimeout(), o.spawnTimeout(),
                o.attempts(), o.retryDelay(), o.users(), o.keepUser(), o.kernel(), o.userOptionsJson(),
                suffixed(o.junitFile()), suffixed(o.reportFile()));
    }

    static String suffixed(String file) {
        if (file == null) {
            return null;
        }
        int slash = file.lastIndexOf('/');
        int dot = file.lastIndexOf('.');
        return dot > slash + 1 ? file.substring(0, dot) + AFTER_ROLLBACK + file.substring(dot) : file + AFTER_ROLLBACK;
    }
}
