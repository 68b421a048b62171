package io.jenkins.plugins.hubdeploy.kube;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Waits until every Deployment/StatefulSet/DaemonSet of the release is rolled out, one {@code kubectl rollout
 * status} each, all within one deadline. helm's {@code --wait} already waits for readiness; this second look
 * catches what it does not (a DaemonSet's update, an old ReplicaSet still serving) and names the workload that is
 * behind. On failure it prints the failing pods and recent warning events, then exits 1.
 */
public final class RolloutWait {
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final KubectlCli kubectl;
    private final BuildLog log;
    private final SecretMasker masker;

    public RolloutWait(KubectlCli kubectl, BuildLog log, SecretMasker masker) {
        this.kubectl = kubectl;
        this.log = log;
        this.masker = masker;
    }

    public void await(List<Workload> workloads, String namespace, Duration timeout)
            throws IOException, InterruptedException, HubDeployException {
        if (workloads.isEmpty()) {
            log.info("rollout: the release has no Deployment, StatefulSet or DaemonSet to wait for");
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Workload w : workloads) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toSeconds() < 1) {
                fail(w, namespace, "the rollout timeout of " + timeout.toSeconds() + " s ran out before it was checked");
            }
            log.info("rollout: waiting for " + w.ref() + " in " + w.namespace() + " (up to " + left.toSeconds() + " s)");
            ProcessResult result = kubectl.run(List.of("rollout", "status", w.ref(), "--namespace", w.namespace(),
                    "--watch=true", "--timeout=" + left.toSeconds() + "s"), left.plus(MARGIN));
            if (!result.ok()) {
                fail(w, namespace, masker.mask(ClusterErrors.errorText(result)));
            }
            log.info("rollout: " + w.ref() + " is rolled out");
        }
    }

    private void fail(Workload w, String namespace, String why) throws InterruptedException, HubDeployException {
        log.warn("rollout of " + w.ref() + " in " + w.namespace() + " failed: " + why);
        new PodDiagnostics(kubectl, log).report(namespace);
        throw HubDeployException.failed("rollout of " + w.ref() + " in namespace " + w.namespace() + " did not complete: "
                + why + ". The pods' states and recent events are in the log above; fix the cause (image, resources, "
                + "config) and deploy again, or roll back with 'helm rollback'.");
    }
}
