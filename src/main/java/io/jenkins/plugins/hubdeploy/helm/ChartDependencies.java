package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a local chart's dependencies ({@code charts/}) the way helm needs them: the dependencies of Chart.yaml
 * (apiVersion v2) or of requirements.yaml (apiVersion v1, as DataHub's {@code hub/} chart), each http(s) chart
 * repository added first ({@code helm repo add}) to a repository config and cache of this run's scratch directory,
 * never to the agent's own helm configuration; then {@code helm dependency build}. A repository that cannot be
 * reached fails with its URL and what to do. Deployments sharing one chart in one JVM build it one at a time.
 */
public final class ChartDependencies {
    static final Duration REPO_TIMEOUT = Duration.ofMinutes(2);
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    /** One declared dependency. {@code repository} as written: a URL, {@code @alias}/{@code alias:}, or empty. */
    public record Dependency(String name, String version, String repository) implements Serializable {
        private static final long serialVersionUID = 1L;

        boolean fromHttpRepository() {
            String r = repository == null ? "" : repository.toLowerCase(Locale.ROOT);
            return r.startsWith("http://") || r.startsWith("https://");
        }
    }

    /** The chart's declared dependencies and where they were declared (Chart.yaml or requirements.yaml). */
    public record Declared(String file, List<Dependency> dependencies) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Reads the dependencies of the local chart at {@code path} (repository-relative) where the workspace is. */
    public record Read(String path) implements AgentTask<Declared> {
        private static final long serialVersionUID = 1L;

        @Override
        public Declared call(Path workspace) throws IOException, HubDeployException {
            Path dir = workspace.resolve(path).normalize();
            List<Dependency> deps = new ArrayList<>();
            String file = path + "/Chart.yaml";
            JsonNode list = yaml(dir.resolve("Chart.yaml"), file).path("dependencies");
            if (!list.isArray() || list.isEmpty()) {
                Path requirements = dir.resolve("requirements.yaml");
                if (Files.isRegularFile(requirements)) {
                    file = path + "/requirements.yaml";
                    list = yaml(requirements, file).path("dependencies");
                }
            }
            if (list.isArray()) {
                for (JsonNode d : list) {
                    String name = d.path("name").asText("");
                    if (name.isBlank()) {
                        throw HubDeployException.usage(file + ": a dependency has no name; give each entry of"
                                + " 'dependencies' a name, version and repository");
                    }
                    deps.add(new Dependency(name, d.path("version").asText(null), d.path("repository").asText("")));
                }
            }
            return new Declared(file, List.copyOf(deps));
        }

        private static JsonNode yaml(Path file, String shown) throws HubDeployException {
            try {
                JsonNode node = new YAMLMapper().readTree(file.toFile());
                return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
            } catch (IOException e) {
                throw HubDeployException.usage(shown + " is not valid YAML; fix it ('helm lint' shows where)");
            }
        }
    }

    private final HelmCli helm;
    private final Agent agent;
    private final BuildLog log;

    public ChartDependencies(HelmCli helm, Agent agent, BuildLog log) {
        this.helm = helm;
        this.agent = agent;
        this.log = log;
    }

    /**
     * Builds {@code <chartPath>/charts/} from the declared dependencies.
     *
     * @param chartPath repository-relative chart directory
     * @param chartRef  the chart as helm is given it ({@code ./hub})
     * @param scratch   this run's private scratch directory (absolute, on the agent); the repository config and
     *                  cache go below it
     */
    public void build(String chartPath, String chartRef, String scratch)
            throws IOException, InterruptedException, HubDeployException {
        Declared declared = agent.run(new Read(chartPath));
        if (declared.dependencies().isEmpty()) {
            return;
        }
        Object lock = LOCKS.computeIfAbsent(scratchRoot(scratch) + "|" + chartPath, k -> new Object());
        synchronized (lock) {
            String repoConfig = Path.of(scratch, "helm-repositories.yaml").toString();
            String repoCache = Path.of(scratch, "helm-cache").toString();
            Map<String, String> repositories = repositories(declared.dependencies());
            for (Map.Entry<String, String> repo : repositories.entrySet()) {
                log.info("helm: chart repository " + repo.getValue() + " (for " + declared.file() + ")");
                ProcessResult added = helm.run(List.of("repo", "add", repo.getKey(), repo.getValue(),
                        "--repository-config", repoConfig, "--repository-cache", repoCache, "--force-update"),
                        REPO_TIMEOUT);
                if (!added.ok()) {
                    throw HubDeployException.environment("the chart repository " + repo.getValue() + " that "
                            + declared.file() + " names cannot be reached (helm repo add: "
                            + helm.mask(ClusterErrors.errorText(added)) + "); check the agent's network and proxy"
                            + " settings, or vendor the dependency into " + chartPath + "/charts/");
                }
            }
            List<String> names = declared.dependencies().stream().map(d -> d.name() + " " + d.version()).toList();
            log.info("helm: building the dependencies of " + chartRef + " (" + String.join(", ", names) + ")");
            ProcessResult built = helm.run(List.of("dependency", "build", chartRef, "--repository-config", repoConfig,
                    "--repository-cache", repoCache), BUILD_TIMEOUT);
            if (!built.ok()) {
                throw HubDeployException.failed("helm dependency build " + chartRef + " failed: "
                        + helm.mask(ClusterErrors.errorText(built)) + ". Check the dependencies' names and versions in "
                        + declared.file() + " against their chart repositories");
            }
        }
    }

    /** Distinct http(s) repositories by URL (trailing '/' ignored), each with a name helm accepts. */
    static Map<String, String> repositories(List<Dependency> deps) {
        Map<String, String> byUrl = new LinkedHashMap<>();
        for (Dependency d : deps) {
            if (d.fromHttpRepository()) {
                String url = d.repository().strip();
                String key = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                byUrl.putIfAbsent(key, url);
            }
        }
        Map<String, String> named = new LinkedHashMap<>();
        int n = 0;
        for (String url : byUrl.values()) {
            named.put("hubdeploy-" + (++n), url);
        }
        return named;
    }

    private static String scratchRoot(String scratch) {
        Path parent = Path.of(scratch).getParent();
        return parent == null ? scratch : parent.toString();
    }
}
