package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

/**
 * A test user's server never became ready (the spawner failed or the spawn timed out): exit 3, and worth another
 * attempt, since on Kubernetes this is often a node that is still scaling up.
 */
public class SpawnFailedException extends HubDeployException {
    private static final long serialVersionUID = 1L;

    public SpawnFailedException(String message) {
        super(ExitCode.ENVIRONMENT, message);
    }
}
