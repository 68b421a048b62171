package io.jenkins.plugins.hubdeploy.platform;

/**
 * A failure with a message meant for the user (what failed, where, what to do next) and the exit code it maps to.
 * The message must never contain a secret. Serializable, so it crosses {@code FilePath.act} unchanged.
 */
public class HubDeployException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public HubDeployException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public HubDeployException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The step ran and its verdict is failure (exit 1). */
    public static HubDeployException failed(String message) {
        return new HubDeployException(ExitCode.FAILED, message);
    }

    /** Bad usage or invalid configuration (exit 2). */
    public static HubDeployException usage(String message) {
        return new HubDeployException(ExitCode.USAGE, message);
    }

    /** Tool missing, service unreachable, authentication refused, timeout (exit 3). */
    public static HubDeployException environment(String message) {
        return new HubDeployException(ExitCode.ENVIRONMENT, message);
    }

    public static HubDeployException environment(String message, Throwable cause) {
        return new HubDeployException(ExitCode.ENVIRONMENT, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
