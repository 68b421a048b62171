package io.jenkins.plugins.hubdeploy.platform;

/** The CLI's exit codes (DESIGN.md); steps map every non-zero code to a failed build with the same message. */
public enum ExitCode {
    /** Everything passed. */
    OK(0),
    /** The step ran and its verdict is failure: build failed, smoke test failed, deploy failed, promotion refused. */
    FAILED(1),
    /** Bad usage or invalid configuration. */
    USAGE(2),
    /** Environment problem: tool missing, service unreachable, authentication refused, timeout. */
    ENVIRONMENT(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
