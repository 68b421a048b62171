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
}
