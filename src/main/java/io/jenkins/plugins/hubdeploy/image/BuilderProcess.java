package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one builder tool's commands: its environment added to every process, output echoed to the build log as it
 * arrives, and failures turned into messages: tool missing or timed out is exit 3, a failing build is exit 1 with
 * the tail of the output.
 */
final class BuilderProcess {
    static final int TAIL_LINES = 20;
    static final Duration BUILD_TIMEOUT = Duration.ofHours(3);
    static final Duration PUSH_TIMEOUT = Duration.ofMinutes(60);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final BuildLog log;
    private final String tool;
    private final String installHint;

    /**
     * @param tool        what the messages call it (buildah, docker buildx, ...)
     * @param installHint how to get it, for the "not found" message
     */
    BuilderProcess(ProcessRunner runner, Map<String, String> env, BuildLog log, String tool, String installHint) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.log = log;
        this.tool = tool;
        this.installHint = installHint;
    }

    BuildLog log() {
        return log;
    }

    /** Runs a build command; a non-zero exit is the build's verdict: exit 1 with the output's tail. */
    void build(String reference, List<String> argv, Map<String, String> extraEnv)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(argv, extraEnv, BUILD_TIMEOUT);
        if (!result.ok()) {
            throw HubDeployException.failed(tool + " build of " + reference + " failed (exit " + result.exitCode()
                    + "). Last " + TAIL_LINES + " lines of its output:\n" + outputTail(result));
        }
    }

    /** Runs a push command; failing to push is the environment's fault (registry, credentials): exit 3. */
    void push(String reference, String registry, List<String> argv, Map<String, String> extraEnv)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(argv, extraEnv, PUSH_TIMEOUT);
        if (!result.ok()) {
            throw HubDeployException.environment(tool + " push of " + reference + " to registry " + registry
                    + " failed (exit " + result.exitCode() + "); check that the registry is reachable and that the"
                    + " credentials may push to it. Last " + TAIL_LINES + " lines of its output:\n"
                    + outputTail(result));
        }
    }

    /** Runs a command with output echoed; throws exit 3 when the tool is missing or the command timed out. */
    ProcessResult run(List<String> argv, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException, HubDeployException {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        log.info("$ " + String.join(" ", argv));
        ProcessResult result;
        try {
            result = runner.run(new ProcessSpec(argv, all, "", timeout, true));
        } catch (ExecutableNotFoundException e) {
            throw missing(e.executable());
        }
        if (result.timedOut()) {
            throw HubDeployException.environment(tool + " did not finish within " + timeout.toMinutes()
                    + " minutes and was stopped (" + argv.get(0) + " " + argv.get(1) + "). Last " + TAIL_LINES
                    + " lines of its output:\n" + outputTail(result));
        }
        return result;
    }

    /** Whether the tool runs at all ({@code --version} or the like exits 0); never throws for a missing tool. */
    boolean probe(List<String> argv) throws InterruptedException {
        try {
            return runner.run(new ProcessSpec(argv, env, "", PROBE_TIMEOUT, false)).ok();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The last lines of the tool's output for a failure message, masked: the message reaches the build log as an
     * AbortException, past the log's own masking (a build arg or a registry password may be in the output).
     */
    String outputTail(ProcessResult result) {
        return log.mask(result.tail(TAIL_LINES));
    }

    HubDeployException missing(String executable) {
        return HubDeployException.environment(tool + " is not available on the agent (cannot run '" + executable
                + "'): " + installHint);
    }
}
