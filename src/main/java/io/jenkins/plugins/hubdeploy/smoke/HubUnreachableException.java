package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

/** The hub did not answer (refused, timed out, 502/503 from its proxy): worth another attempt. Exit 3. */
public class HubUnreachableException extends HubDeployException {
    private static final long serialVersionUID = 1L;

    public HubUnreachableException(String message) {
        super(ExitCode.ENVIRONMENT, message);
    }
}
