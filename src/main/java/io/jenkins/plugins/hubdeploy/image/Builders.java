package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the {@link ImageBuilder} for a {@code builder} setting. "auto" (or null) takes the first that runs:
 * buildah ({@code buildah --version}), podman, docker ({@code docker buildx version}), kaniko
 * ({@code /kaniko/executor version}). Availability is probed through the {@link ProcessRunner}, so in Jenkins it is
 * checked where the builds will run (inside {@code container(...)} too). A named builder is probed as well, so a
 * missing tool fails before any work starts.
 * <p>
 * The programs can be moved with variables in {@code env}: HUBDEPLOY_BUILDAH, HUBDEPLOY_PODMAN, HUBDEPLOY_DOCKER,
 * HUBDEPLOY_KANIKO_EXECUTOR (a name looked up on PATH, or an absolute path).
 */
public final class Builders {
    public static final List<String> SETTINGS = List.of("auto", "buildah", "podman", "docker", "kaniko");

    private Builders() {
    }

    /**
     * @throws HubDeployException exit 2 for an unknown setting; exit 3 when the builder (or, for auto, every
     *                            builder) is not available, saying what was tried and how to get one
     */
    public static ImageBuilder select(String setting, ProcessRunner runner, Agent agent, Map<String, String> env,
                                      BuildLog log) throws InterruptedException, HubDeployException {
        String wanted = setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (!SETTINGS.contains(wanted)) {
            throw HubDeployException.usage("builder '" + setting + "' is not known; use one of " + SETTINGS);
        }
        String buildah = env.getOrDefault("HUBDEPLOY_BUILDAH", "buildah");
        String podman = env.getOrDefault("HUBDEPLOY_PODMAN", "podman");
        String docker = env.getOrDefault("HUBDEPLOY_DOCKER", "docker");
        String kaniko = env.getOrDefault("HUBDEPLOY_KANIKO_EXECUTOR", KanikoBuilder.DEFAULT_EXECUTOR);
        List<String> tried = new ArrayList<>();
        if (wanted.equals("auto") || wanted.equals("buildah")) {
            BuildahBuilder builder = new BuildahBuilder(runner, agent, env, log, buildah);
            if (builder.isAvailable()) {
                return chosen(builder, log);
            }
            tried.add(buildah + " --version");
        }
        if (wanted.equals("auto") || wanted.equals("podman")) {
            PodmanBuilder builder = new PodmanBuilder(runner, agent, env, log, podman);
            if (builder.isAvailable()) {
                return chosen(builder, log);
            }
            tried.add(podman + " --version");
        }
        if (wanted.equals("auto") || wanted.equals("docker")) {
            DockerBuildxBuilder builder = new DockerBuildxBuilder(runner, agent, env, log, docker);
            if (builder.isAvailable()) {
                return chosen(builder, log);
            }
            tried.add(docker + " buildx version");
        }
        if (wanted.equals("auto") || wanted.equals("kaniko")) {
            KanikoBuilder builder = new KanikoBuilder(runner, agent, env, log, kaniko);
            if (builder.isAvailable()) {
                return chosen(builder, log);
            }
            tried.add(kaniko + " version");
        }
        String hint = switch (wanted) {
            case "buildah" -> BuildahBuilder.INSTALL_HINT;
            case "podman" -> PodmanBuilder.INSTALL_HINT;
            case "docker" -> DockerBuildxBuilder.INSTALL_HINT;
            case "kaniko" -> KanikoBuilder.INSTALL_HINT;
            default -> "install buildah on the agent (apt-get install buildah), or run in a kaniko container and set"
                    + " 'builder: kaniko'";
        };
        throw HubDeployException.environment((wanted.equals("auto") ? "no image builder is available on the agent"
                : "builder '" + wanted + "' is not available on the agent") + " (tried: " + String.join(", ", tried)
                + "): " + hint);
    }

    private static ImageBuilder chosen(ImageBuilder builder, BuildLog log) {
        log.info("image builder: " + builder.name());
        return builder;
    }
}
