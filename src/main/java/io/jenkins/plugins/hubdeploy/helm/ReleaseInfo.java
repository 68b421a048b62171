package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;

/**
 * What {@code helm status -o json} / {@code helm upgrade -o json} say about a release (helm's Release object:
 * {@code name}, {@code namespace}, {@code version} = revision, {@code info.status}, {@code chart.metadata}). The
 * object's {@code config} holds the user's values, secrets included: it is never kept or printed.
 */
public record ReleaseInfo(String name, String namespace, int revision, String status, String chartName,
                          String chartVersion, String appVersion) implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ReleaseInfo parse(String json, String what) throws HubDeployException {
        JsonNode root;
        try {
            root = JSON.readTree(json.substring(Math.max(0, json.indexOf('{'))));
        } catch (Exception e) {
            throw HubDeployException.failed(what + ": helm's JSON output could not be read (" + e.getClass().getSimpleName()
                    + "); check that the agent's helm is Helm 3 or 4");
        }
        if (root == null || !root.isObject() || !root.hasNonNull("name")) {
            throw HubDeployException.failed(what + ": helm did not print a release object; check that the agent's helm is Helm 3 or 4");
        }
        JsonNode meta = root.path("chart").path("metadata");
        return new ReleaseInfo(root.path("name").asText(), root.path("namespace").asText(null),
                root.path("version").asInt(0), root.path("info").path("status").asText("unknown"),
                meta.path("name").asText(null), meta.path("version").asText(null), meta.path("appVersion").asText(null));
    }

    /** pending-install, pending-upgrade or pending-rollback: an operation started and never finished. */
    public boolean pending() {
        return status.startsWith("pending-");
    }
}
