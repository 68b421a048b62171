package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.nio.file.Path;

/** Loads the configuration where the workspace is (on the agent in Jenkins). */
public record LoadConfigTask(String deployment) implements AgentTask<DeploymentConfig> {
    private static final long serialVersionUID = 1L;

    @Override
    public DeploymentConfig call(Path workspace) throws HubDeployException {
        return ConfigLoader.load(workspace, deployment);
    }
}
