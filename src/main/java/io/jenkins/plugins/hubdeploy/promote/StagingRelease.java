package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.HelmCli;
import io.jenkins.plugins.hubdeploy.helm.ReleaseInfo;
import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.kube.DeployRecordStore;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what is live on staging with a kubeconfig that can read it: helm's current revision of the release and the
 * values SHA-256 of hubdeploy's deploy record ConfigMap. Optional: used only when a staging kubeconfig is given.
 */
public final class StagingRelease {
    /** What is live; {@code valuesSha256} null when no deploy record ConfigMap exists. */
    public record Live(int revision, String valuesSha256) {
    }

    private final HelmCli helm;
    private final KubectlCli kubectl;
    private final SecretMasker masker;

    /** {@code kubeconfig}: the file that can read staging, or null for the environment's KUBECONFIG. */
    public StagingRelease(ProcessRunner runner, Map<String, String> env, String kubeconfig, SecretMasker masker) {
        Map<String, String> withConfig = new HashMap<>(env);
        if (kubeconfig != null) {
            withConfig.put("KUBECONFIG", kubeconfig);
        }
        this.helm = new HelmCli(runner, withConfig, masker);
        this.kubectl = new KubectlCli(runner, withConfig, masker);
        this.masker = masker;
    }

    /** Empty when the release does not exist; exit 3 when staging cannot be read. */
    public Optional<Live> read(String release, String namespace) throws IOException, InterruptedException,
            HubDeployException {
        ProcessResult status = helm.run(List.of("status", release, "--namespace", namespace, "-o", "json"),
                HelmCli.READ_TIMEOUT);
        if (!status.ok()) {
            if (HelmCli.releaseNotFound(status)) {
                return Optional.empty();
            }
            throw HubDeployException.environment("cannot read the staging release " + release + " in namespace "
                    + namespace + ": " + masker.mask(ClusterErrors.errorText(status)) + "; check the staging kubeconfig");
        }
        ReleaseInfo info = ReleaseInfo.parse(status.stdout(), "helm status " + release);
        Optional<String> record = new DeployRecordStore(kubectl, masker).read(namespace, release);
        String values = record.isPresent() ? DeployRecord.fromJson(record.get()).valuesSha256() : null;
        return Optional.of(new Live(info.revision(), values));
    }
}
