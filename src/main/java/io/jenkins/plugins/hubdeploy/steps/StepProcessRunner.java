package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.helm.DeployFiles;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.MissingTool;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The steps' {@link ProcessRunner}: a command prepared by {@link LauncherCommand} (escaped, looked up on the step's
 * PATH, stdout of parsed commands in a scratch file) and started by a {@link Launch} (the step's Launcher in
 * Jenkins). Output that was echoed comes back bounded ({@link CapturedOutput}); exit 127/126 for the tool is
 * {@link ExecutableNotFoundException}. Free of Jenkins types, so tests drive it with a launch that behaves like
 * the Launcher's, or like the kubernetes plugin's {@code container()}.
 */
public final class StepProcessRunner implements ProcessRunner {
    /** Starts a prepared command and waits for it; kills it at its timeout or when interrupted. */
    public interface Launch {
        /** @param dir workspace-relative working directory ("" = the workspace) */
        Exit run(List<String> argv, Map<String, String> env, String dir, OutputStream out, OutputStream err,
                 Duration timeout) throws IOException, InterruptedException;
    }

    public record Exit(int code, boolean timedOut) {
    }

    private final Launch launch;
    private final Agent agent;
    private final Map<String, String> stepEnv;
    private final BuildLog log;

    public StepProcessRunner(Launch launch, Agent agent, Map<String, String> stepEnv, BuildLog log) {
        this.launch = launch;
        this.agent = agent;
        this.stepEnv = Map.copyOf(stepEnv);
        this.log = log;
    }

    @Override
    public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
        String scratch = spec.echo() ? null : createScratch();
        try {
            String stdoutFile = scratch == null ? null : scratch + "/stdout";
            CapturedOutput out = new CapturedOutput(spec.echo() ? log : null);
            CapturedOutput err = new CapturedOutput(spec.echo() ? log : null);
            Exit exit = launch.run(LauncherCommand.argv(spec, stdoutFile), LauncherCommand.env(stepEnv, spec, stdoutFile),
                    spec.dir(), out, err, spec.timeout());
            out.close();
            err.close();
            ProcessResult result = stdoutFile == null
                    ? new ProcessResult(exit.code(), out.text(), err.text(), exit.timedOut())
                    // the launch's own streams carry only the tool's stderr here (merged onto stdout in container())
                    : new ProcessResult(exit.code(), readBack(stdoutFile), join(out.text(), err.text()), exit.timedOut());
            if (MissingTool.reported(spec.executable(), result)) {
                throw new ExecutableNotFoundException(spec.executable(), null);
            }
            return result;
        } finally {
            if (scratch != null) {
                String dir = scratch;
                Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(dir)));
            }
        }
    }

    private String createScratch() throws IOException, InterruptedException {
        try {
            return agent.run(new ScratchDir.Create());
        } catch (HubDeployException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The stdout file; empty when the tool never started (the shell did not get to the redirection). */
    private String readBack(String file) throws IOException, InterruptedException {
        try {
            return agent.run(new DeployFiles.ReadText(file));
        } catch (HubDeployException e) {
            return "";
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + (a.endsWith("\n") ? "" : "\n") + b;
    }
}
