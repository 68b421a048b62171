package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.util.Map;

/**
 * Builds with {@code podman build} and pushes with {@code podman push --digestfile}: podman builds through buildah
 * and takes the same arguments and environment (STORAGE_DRIVER, BUILDAH_ISOLATION, CONTAINERS_STORAGE_CONF,
 * CONTAINERS_CONF, REGISTRY_AUTH_FILE).
 */
public final class PodmanBuilder implements ImageBuilder {
    static final String INSTALL_HINT = "install it on the agent (apt-get install podman) or set builder to buildah,"
            + " docker or kaniko";

    private final BuildahBuilder same;

    public PodmanBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log) {
        this(runner, agent, env, log, "podman");
    }

    /** {@code executable}: the podman program (a name looked up on PATH, or an absolute path). */
    public PodmanBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log, String executable) {
        this.same = new BuildahBuilder("podman", executable, INSTALL_HINT, runner, agent, env, log);
    }

    @Override
    public String name() {
        return "podman";
    }

    @Override
    public boolean supportsConcurrentBuilds() {
        return true;
    }

    boolean isAvailable() throws InterruptedException {
        return same.isAvailable();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException {
        return same.build(request);
    }
}
