package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The build capability shared by {@code hubdeploy build} and the {@code buildHubImage} step: content tags, registry
 * check, build, push.
 */
public final class ImageBuildRun {
    private final ProcessRunner runner;
    private final Agent agent;
    private final BuildLog log;
    private final Map<String, String> env;

    /** {@code env}: extra environment for the builder processes (the step's EnvVars; empty in the CLI). */
    public ImageBuildRun(ProcessRunner runner, Agent agent, BuildLog log, Map<String, String> env) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    public List<ImageResult> run(DeploymentConfig config, ImageBuildOptions options)
            throws IOException, InterruptedException, HubDeployException {
        throw new UnsupportedOperationException("being written by the lead");
    }
}
