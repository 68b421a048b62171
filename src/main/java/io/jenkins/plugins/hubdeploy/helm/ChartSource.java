package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The chart a deploy installs: a local chart directory in the repository (name, version and whether it declares
 * dependencies, from its Chart.yaml) or a chart reference such as {@code jupyterhub/jupyterhub} (local = false).
 */
public record ChartSource(String ref, boolean local, String name, String version, boolean hasDependencies)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reads {@code <path>/Chart.yaml} where the workspace is. */
    public record Read(String path, String version) implements AgentTask<ChartSource> {
        private static final long serialVersionUID = 1L;

        @Override
        public ChartSource call(Path workspace) throws IOException, HubDeployException {
            Path dir = workspace.resolve(path).normalize();
            Path chartYaml = dir.resolve("Chart.yaml");
            if (!Files.isRegularFile(chartYaml)) {
                if (Files.isDirectory(dir)) {
                    throw HubDeployException.usage("chart.path " + path + " is a directory without Chart.yaml; point "
                            + "chart.path at the chart's directory");
                }
                String name = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
                return new ChartSource(path, false, name, version, false);
            }
            JsonNode chart;
            try {
                chart = new YAMLMapper().readTree(chartYaml.toFile());
            } catch (IOException e) {
                throw HubDeployException.usage(path + "/Chart.yaml is not valid YAML; fix it ('helm lint " + path + "' shows where)");
            }
            JsonNode deps = chart.path("dependencies");
            if ((!deps.isArray() || deps.isEmpty()) && Files.isRegularFile(dir.resolve("requirements.yaml"))) {
                // apiVersion v1 charts (DataHub's hub/) declare their dependencies in requirements.yaml
                try {
                    deps = new YAMLMapper().readTree(dir.resolve("requirements.yaml").toFile()).path("dependencies");
                } catch (IOException e) {
                    throw HubDeployException.usage(path + "/requirements.yaml is not valid YAML; fix it ('helm lint "
                            + path + "' shows where)");
                }
            }
            // "./hub", never "hub": helm must not take a local directory for a repository chart name
            String ref = path.startsWith("/") || path.startsWith(".") ? path : "./" + path;
            return new ChartSource(ref, true, chart.path("name").asText(null), chart.path("version").asText(null),
                    deps.isArray() && !deps.isEmpty());
        }
    }
}
