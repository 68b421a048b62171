package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;

/** The program of a {@link ProcessSpec} could not be started: it is not installed or not on the agent's PATH. */
public class ExecutableNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String executable;

    public ExecutableNotFoundException(String executable, Throwable cause) {
        super("cannot run '" + executable + "': not found on PATH", cause);
        this.executable = executable;
    }

    public String executable() {
        return executable;
    }
}
