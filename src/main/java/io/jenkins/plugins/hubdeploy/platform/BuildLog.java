package io.jenkins.plugins.hubdeploy.platform;

/**
 * Where progress goes: the build log in Jenkins, stderr in the CLI. Implementations mask every registered secret,
 * so a value passed to {@link #addSecret} never appears in a line, whoever wrote it.
 */
public interface BuildLog {
    void info(String line);

    void warn(String line);

    /** Registers a value that must never be printed (token, password). Blank values are ignored. */
    void addSecret(String secret);

    /**
     * {@code text} with every registered secret replaced: for text that leaves through another way than this log,
     * such as a failure message built from a tool's output (Jenkins prints it without this log's masking).
     */
    String mask(String text);
}
