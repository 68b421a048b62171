package io.jenkins.plugins.hubdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.helm.DeployFiles;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the real repo2docker (PyPI {@code jupyter-repo2docker}, installed by bin/install-repo2docker into
 * {@code ~/.cache/hubdeploy/repo2docker-<version>/}, or the Python named by {@code REPO2DOCKER_PYTHON}) on an image
 * directory: it detects the buildpack and writes the build context it would give docker (its Dockerfile, build
 * scripts and the directory's files under {@code src/}) into a directory, with hubploy's repo2docker settings
 * (user 1000 jovyan, repository at /srv/repo, base_image). A Dockerfile builder then builds that context.
 */
public final class Repo2DockerContext {
    public static final String PYTHON_ENV = "REPO2DOCKER_PYTHON";
    static final String SCRIPT = "repo2docker-context.py";
    static final String RESULT_MARKER = "HUBDEPLOY-RESULT ";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int ERROR_TAIL = 1500;

    /**
     * @param context   absolute directory holding the Dockerfile and everything it copies
     * @param buildArgs the build args repo2docker would pass (NB_USER, NB_UID, REPO_DIR)
     * @param buildpack the buildpack repo2docker picked, e.g. CondaBuildPack
     */
    public record Result(String context, Map<String, String> buildArgs, String buildpack, String version)
            implements Serializable {
    }

    private final ProcessRunner runner;
    private final Agent agent;
    private final Map<String, String> env;
    private final BuildLog log;

    public Repo2DockerContext(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log) {
        this.runner = runner;
        this.agent = agent;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * @param imageDir repository-relative image directory
     * @param options  hubploy's repo2docker options (user_id, user_name, target_repo_dir, base_image)
     * @param out      absolute, empty or missing directory for the context (in a private scratch directory)
     */
    public Result write(String imageDir, Map<String, String> options, String out)
            throws IOException, InterruptedException, HubDeployException {
        Located located = agent.run(new Locate(env.get(PYTHON_ENV), env.get("HOME")));
        if (located.python() == null) {
            throw HubDeployException.environment("repo2docker is not installed on the agent: " + imageDir
                    + " has no Dockerfile, so repo2docker builds it (as hubploy did). Run bin/install-repo2docker (pip"
                    + " install jupyter-repo2docker into ~/.cache/hubdeploy), or point " + PYTHON_ENV + " at a Python"
                    + " that has it");
        }
        String script = Path.of(out).resolveSibling(SCRIPT).toString();
        agent.run(new DeployFiles.WritePrivate(script, scriptText()));
        List<String> argv = new ArrayList<>(List.of(located.python(), script, "--out", out,
                "--user-id", options.getOrDefault("user_id", "1000"),
                "--user-name", options.getOrDefault("user_name", "jovyan"),
                "--target-repo-dir", options.getOrDefault("target_repo_dir", "/srv/repo")));
        if (options.containsKey("base_image")) {
            argv.addAll(List.of("--base-image", options.get("base_image")));
        }
        argv.add(located.workspace() + "/" + imageDir);
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(argv).withEnv(Map.of("PYTHONDONTWRITEBYTECODE", "1"))
                    .withTimeout(TIMEOUT));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("cannot run " + located.python() + " (repo2docker's Python); run"
                    + " bin/install-repo2docker again", e);
        }
        if (result.timedOut()) {
            throw HubDeployException.environment("repo2docker did not finish preparing " + imageDir + " within "
                    + TIMEOUT.toMinutes() + " minutes");
        }
        String summary = result.stdout().lines().filter(l -> l.startsWith(RESULT_MARKER)).reduce((a, b) -> b).orElse(null);
        if (!result.ok() || summary == null) {
            throw HubDeployException.failed("repo2docker could not prepare the build of " + imageDir + ": "
                    + reason(result));
        }
        JsonNode json = new ObjectMapper().readTree(summary.substring(RESULT_MARKER.length()));
        Map<String, String> buildArgs = new LinkedHashMap<>();
        json.path("buildArgs").fields().forEachRemaining(e -> buildArgs.put(e.getKey(), e.getValue().asText()));
        Result r = new Result(json.path("context").asText(), buildArgs, json.path("buildpack").asText(null),
                json.path("repo2dockerVersion").asText(null));
        log.info("repo2docker " + r.version() + ": " + imageDir + " uses " + r.buildpack());
        return r;
    }

    /** A Python exception's own line ("ValueError: ...") when repo2docker raised one, else the output's tail. */
    static String reason(ProcessResult result) {
        String text = (result.stdout() + "\n" + result.stderr()).strip();
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (text.contains("Traceback (most recent call last)") && !lines.isEmpty()
                && lines.get(lines.size() - 1).matches("[A-Za-z_.]*(Error|Exception)[A-Za-z]*: .*")) {
            return lines.get(lines.size() - 1);
        }
        return text.substring(Math.max(0, text.length() - ERROR_TAIL));
    }

    private static String scriptText() throws IOException {
        try (InputStream in = Repo2DockerContext.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the hubdeploy jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The Python with repo2docker, and the workspace's absolute path, as the agent sees them. */
    record Located(String python, String workspace) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** {@code REPO2DOCKER_PYTHON}, else the newest {@code ~/.cache/hubdeploy/repo2docker-*}{@code /bin/python}. */
    record Locate(String override, String home) implements AgentTask<Located> {
        private static final long serialVersionUID = 1L;

        @Override
        public Located call(Path workspace) throws IOException {
            String ws = workspace.toAbsolutePath().normalize().toString();
            if (override != null && !override.isBlank()) {
                return new Located(Files.isExecutable(Path.of(override)) ? override : null, ws);
            }
            Path cache = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"),
                    ".cache", "hubdeploy");
            if (!Files.isDirectory(cache)) {
                return new Located(null, ws);
            }
            try (Stream<Path> dirs = Files.list(cache)) {
                return new Located(dirs.filter(d -> d.getFileName().toString().startsWith("repo2docker-"))
                        .map(d -> d.resolve("bin/python"))
                        .filter(p -> Files.isExecutable(p) && Files.isExecutable(p.resolveSibling("jupyter-repo2docker")))
                        .max(Comparator.naturalOrder()).map(Path::toString).orElse(null), ws);
            }
        }
    }
}
