package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the deploy record in the cluster, as the ConfigMap {@code hubdeploy-record-<release>} (key
 * {@code record.json}) in the release's namespace. The cluster is where a later build (promoteToProd, on another
 * branch, another agent, after this build's workspace is gone) reliably finds what is running: the same
 * kubeconfig that deploys can read it, namespace RBAC guards it, and it cannot disagree with a workspace file of
 * some other build. It is written with server-side apply, so the record is not doubled into an annotation.
 */
public final class DeployRecordStore {
    public static final String KEY = "record.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubectlCli kubectl;
    private final SecretMasker masker;

    public DeployRecordStore(KubectlCli kubectl, SecretMasker masker) {
        this.kubectl = kubectl;
        this.masker = masker;
    }

    public static String configMapName(String release) {
        return "hubdeploy-record-" + release;
    }

    /** The ConfigMap manifest (JSON) that holds {@code recordJson}. */
    public static String manifest(String namespace, String release, String recordJson) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "hubdeploy");
        labels.put("app.kubernetes.io/instance", release);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", configMapName(release));
        metadata.put("namespace", namespace);
        metadata.put("labels", labels);
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", metadata);
        cm.put("data", Map.of(KEY, recordJson));
        try {
            return JSON.writeValueAsString(cm);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies the manifest file written by {@link #manifest} (an absolute path on the agent). */
    public void write(String manifestFile, String namespace, String release)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = kubectl.run(List.of("apply", "--server-side", "--force-conflicts",
                "--field-manager=hubdeploy", "--namespace", namespace, "-f", manifestFile), KubectlCli.READ_TIMEOUT);
        if (!result.ok()) {
            throw HubDeployException.failed("the release was deployed, but its record could not be stored as ConfigMap "
                    + configMapName(release) + " in namespace " + namespace + ": " + masker.mask(ClusterErrors.errorText(result))
                    + ". Give the deploying account create/patch on configmaps in that namespace and deploy again");
        }
    }

    /** The stored record JSON of {@code release}, or empty when none was ever stored. */
    public Optional<String> read(String namespace, String release) throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = kubectl.run(List.of("get", "configmap", configMapName(release), "--namespace", namespace,
                "-o", "json"), KubectlCli.READ_TIMEOUT);
        if (!result.ok()) {
            if (result.output().contains("NotFound") || result.output().contains("not found")) {
                return Optional.empty();
            }
            throw HubDeployException.failed("cannot read ConfigMap " + configMapName(release) + " in namespace "
                    + namespace + ": " + masker.mask(ClusterErrors.errorText(result)));
        }
        JsonNode data = JSON.readTree(result.stdout()).path("data").path(KEY);
        return data.isTextual() ? Optional.of(data.asText()) : Optional.empty();
    }
}
