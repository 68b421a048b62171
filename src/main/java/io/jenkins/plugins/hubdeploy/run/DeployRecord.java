package io.jenkins.plugins.hubdeploy.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was deployed, for the evidence promoteToProd checks: the release and revision, the chart, every image by
 * tag AND digest, the SHA-256 of the merged values (never the values: they hold secrets), the git commit and tree
 * of the repository, when, and the build. Format version 1 (docs/helm.md).
 */
public record DeployRecord(String deployment, String environment, String release, String namespace, int revision,
                           String status, String chartName, String chartVersion, List<ImageValues> images,
                           String valuesSha256, String gitCommit, String gitTree, boolean gitDirty, String deployedAt,
                           String buildUrl, String helmVersion) implements DeployOutcome {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Repository-relative path of the record in the workspace. */
    public static String workspacePath(String environment) {
        return ".hubdeploy/deploy-" + environment + ".json";
    }

    /**
     * The deployment's own copy in the workspace: several deployments deployed by one build each keep theirs (the
     * file of {@link #workspacePath(String)} holds the last one deployed).
     */
    public static String workspacePath(String deployment, String environment) {
        return ".hubdeploy/deployments/" + deployment + "/deploy-" + environment + ".json";
    }

    /**
     * Removes a deployment's records from the workspace when a deploy skipped it as unchanged: the workspace's record
     * says what this workspace deployed last, and a stale one (a previous build of the same tree in a reused
     * workspace) must not be bound as this build's by promoteToProd's record, which then carries the live commit's
     * evidence over instead. The shared file goes only when it is this deployment's. Returns what was removed.
     */
    public record ForgetInWorkspace(String deployment, String environment)
            implements AgentTask<ArrayList<String>> {
        private static final long serialVersionUID = 1L;

        @Override
        public ArrayList<String> call(Path workspace) throws IOException {
            ArrayList<String> removed = new ArrayList<>();
            Path own = workspace.resolve(workspacePath(deployment, environment)).normalize();
            if (Files.deleteIfExists(own)) {
                removed.add(workspacePath(deployment, environment));
            }
            Path shared = workspace.resolve(workspacePath(environment)).normalize();
            if (Files.isRegularFile(shared)) {
                try {
                    if (deployment.equals(fromJson(Files.readString(shared)).deployment())
                            && Files.deleteIfExists(shared)) {
                        removed.add(workspacePath(environment));
                    }
                } catch (HubDeployException unreadable) {
                    // not a record this deploy wrote: left alone
                }
            }
            return removed;
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("deployment", deployment);
        map.put("environment", environment);
        map.put("release", release);
        map.put("namespace", namespace);
        map.put("revision", revision);
        map.put("status", status);
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("name", chartName);
        chart.put("version", chartVersion);
        map.put("chart", chart);
        map.put("images", imageMaps(images));
        map.put("valuesSha256", valuesSha256);
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("commit", gitCommit);
        git.put("tree", gitTree);
        git.put("dirty", gitDirty);
        map.put("git", git);
        map.put("deployedAt", deployedAt);
        map.put("buildUrl", buildUrl);
        map.put("helmVersion", helmVersion);
        return map;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the deploy record", e);
        }
    }

    /** Reads a record written by {@link #toJson} (from the workspace or the cluster); exit 1 when it is not one. */
    public static DeployRecord fromJson(String json) throws HubDeployException {
        try {
            JsonNode r = JSON.readTree(json);
            if (r.path("format").asInt() != FORMAT) {
                throw HubDeployException.failed("deploy record has format " + r.path("format") + ", expected " + FORMAT);
            }
            List<ImageValues> images = new ArrayList<>();
            for (JsonNode i : r.path("images")) {
                images.add(new ImageValues(i.path("name").asText(), i.path("tag").asText(null), i.path("digest").asText(null),
                        i.path("valuesPath").asText(null)));
            }
            JsonNode git = r.path("git");
            return new DeployRecord(r.path("deployment").asText(), r.path("environment").asText(), r.path("release").asText(),
                    r.path("namespace").asText(), r.path("revision").asInt(), r.path("status").asText(),
                    r.path("chart").path("name").asText(null), r.path("chart").path("version").asText(null), images,
                    r.path("valuesSha256").asText(), git.path("commit").asText(null), git.path("tree").asText(null),
                    git.path("dirty").asBoolean(), r.path("deployedAt").asText(), r.path("buildUrl").asText(null),
                    r.path("helmVersion").asText(null));
        } catch (IOException e) {
            throw HubDeployException.failed("the deploy record is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    static List<Map<String, Object>> imageMaps(List<ImageValues> images) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ImageValues image : images) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", image.name());
            m.put("tag", image.tag());
            m.put("image", image.reference());
            m.put("digest", image.digest());
            m.put("valuesPath", image.valuesPath());
            out.add(m);
        }
        return out;
    }
}
