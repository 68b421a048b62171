package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import picocli.CommandLine;

/**
 * Turns a failure into one line on stderr and the contract's exit code. A {@link HubDeployException} carries its own
 * code and a message written for the user; anything else is a bug or an unexpected I/O problem, shown without a
 * stack trace unless {@code HUBDEPLOY_DEBUG=1}.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (ex instanceof HubDeployException failure) {
            commandLine.getErr().println("hubdeploy: " + failure.getMessage());
            return failure.exitCode().code();
        }
        if (ex instanceof InterruptedException) {
            commandLine.getErr().println("hubdeploy: interrupted");
            return ExitCode.ENVIRONMENT.code();
        }
        commandLine.getErr().println("hubdeploy: unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + (debug() ? "" : " (set HUBDEPLOY_DEBUG=1 for the stack trace)"));
        if (debug()) {
            ex.printStackTrace(commandLine.getErr());
        }
        return ex instanceof java.io.IOException ? ExitCode.ENVIRONMENT.code() : ExitCode.FAILED.code();
    }

    private static boolean debug() {
        return "1".equals(System.getenv("HUBDEPLOY_DEBUG"));
    }
}
