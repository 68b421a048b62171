package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.nio.file.Path;

/** Finds, reads and validates a deployment's configuration. Every problem is exit 2 naming file, line and field. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param repoRoot   the repository root
     * @param deployment the deployment name, or null when the repository has exactly one
     */
    public static DeploymentConfig load(Path repoRoot, String deployment) throws HubDeployException {
        throw new UnsupportedOperationException("being written by the config helper");
    }
}
