package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;

/**
 * Port for external commands (buildah, docker, helm, kubectl, git, sops). The CLI implements it with
 * {@link ProcessBuilder}; the steps with the step context's {@code Launcher}, which honours {@code container(...)}
 * and the environment of {@code withCredentials}/{@code withKubeConfig}.
 */
public interface ProcessRunner {
    /**
     * Runs the command to completion (or its timeout, after which it is killed and {@code timedOut} is set).
     *
     * @throws ExecutableNotFoundException when the program cannot be started at all (not installed / not on PATH)
     * @throws InterruptedException when the build is aborted; the process is killed first
     */
    ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException;
}
