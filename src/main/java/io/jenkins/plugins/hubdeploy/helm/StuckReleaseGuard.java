package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the release's state before a deploy. A release left {@code pending-install}, {@code pending-upgrade} or
 * {@code pending-rollback} (a deploy killed mid-way, a lost agent) blocks every later {@code helm upgrade} with
 * "another operation is in progress"; this guard names the stuck revision and either stops with the command that
 * fixes it (policy fail) or runs that command first (policy rollback).
 */
public final class StuckReleaseGuard {
    private final HelmCli helm;
    private final BuildLog log;

    public StuckReleaseGuard(HelmCli helm, BuildLog log) {
        this.helm = helm;
        this.log = log;
    }

    /** The release as it is before the deploy (after any recovery), or empty when it does not exist yet. */
    public Optional<ReleaseInfo> check(String release, String namespace, StuckPolicy policy, Duration timeout)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult status = helm.run(List.of("status", release, "--namespace", namespace, "-o", "json"), HelmCli.READ_TIMEOUT);
        if (!status.ok()) {
            if (HelmCli.releaseNotFound(status)) {
                log.info("helm: release " + release + " does not exist in namespace " + namespace + " yet: first install");
                return Optional.empty();
            }
            throw HubDeployException.failed("helm status " + release + " in namespace " + namespace + " failed: "
                    + helm.mask(ClusterErrors.errorText(status)) + "; nothing was changed. Fix the cause (the namespace, "
                    + "the kube context, RBAC) and deploy again");
        }
        ReleaseInfo info = ReleaseInfo.parse(status.stdout(), "helm status " + release);
        log.info("helm: release " + release + " is at revision " + info.revision() + " (" + info.status() + ")");
        if (!info.pending()) {
            return Optional.of(info);
        }
        ReleaseHistory history = ReleaseHistory.parse(helm.require(List.of("history", release, "--namespace", namespace,
                "--max", "256", "-o", "json"), HelmCli.READ_TIMEOUT, "helm history " + release).stdout());
        Optional<ReleaseHistory.Entry> target = history.lastDeployed();
        List<String> fix = target.isPresent()
                ? List.of("rollback", release, String.valueOf(target.get().revision()), "--namespace", namespace,
                        helm.flags().waitForReady(), "--timeout", HelmDuration.format(timeout))
                : List.of("uninstall", release, "--namespace", namespace, helm.flags().waitForReady(), "--timeout",
                        HelmDuration.format(timeout));
        String fixText = "helm " + String.join(" ", fix);
        String stuck = "release " + release + " in namespace " + namespace + " is stuck in " + info.status()
                + " at revision " + info.revision() + " (an earlier helm operation never finished)";
        if (policy == StuckPolicy.FAIL) {
            throw HubDeployException.failed(stuck + ". Nothing was changed. To unblock it run: " + fixText
                    + (target.isPresent() ? " (revision " + target.get().revision() + " is the last deployed one)"
                            : " (no revision was ever deployed)")
                    + ", then deploy again; or deploy with stuckPolicy 'rollback' (--stuck-policy rollback) to do this first automatically.");
        }
        log.warn(stuck + "; stuckPolicy rollback: running '" + fixText + "'");
        helm.require(fix, timeout.plus(HelmCli.READ_TIMEOUT), fixText);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        ProcessResult after = helm.require(List.of("status", release, "--namespace", namespace, "-o", "json"),
                HelmCli.READ_TIMEOUT, "helm status " + release);
        ReleaseInfo recovered = ReleaseInfo.parse(after.stdout(), "helm status " + release);
        log.info("helm: release " + release + " recovered: revision " + recovered.revision() + " (" + recovered.status() + ")");
        return Optional.of(recovered);
    }
}
