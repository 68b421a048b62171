package io.jenkins.plugins.hubdeploy.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.LoadConfigTask;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A step execution's context as the core's ports: the repository root in the workspace, the {@link FilePathAgent}
 * there, the build's environment and listener, and (for steps that run tools) a {@link StepProcessRunner} over the
 * Launcher.
 */
final class StepWorkspace {
    private final StepContext context;
    private final Run<?, ?> run;
    private final TaskListener listener;
    private final Map<String, String> env;
    private final FilePath root;
    private final FilePathAgent agent;

    private StepWorkspace(StepContext context, Run<?, ?> run, TaskListener listener, Map<String, String> env,
                          FilePath root) {
        this.context = context;
        this.run = run;
        this.listener = listener;
        this.env = env;
        this.root = root;
        this.agent = new FilePathAgent(root);
    }

    /** {@code dir}: the repository root relative to the workspace ("." for the workspace itself). */
    static StepWorkspace open(StepContext context, String dir) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        FilePath root = ".".equals(dir) ? workspace : workspace.child(dir);
        return new StepWorkspace(context, context.get(Run.class), context.get(TaskListener.class),
                new TreeMap<>(context.get(EnvVars.class)), root);
    }

    Run<?, ?> run() {
        return run;
    }

    TaskListener listener() {
        return listener;
    }

    /** The build's environment (withEnv, withCredentials, withKubeConfig included). */
    Map<String, String> env() {
        return env;
    }

    FilePathAgent agent() {
        return agent;
    }

    /**
     * External commands through the step's Launcher, so {@code container('...')} applies, with the step's
     * environment (PATH included) and the escaping and stream handling of {@link StepProcessRunner}.
     */
    StepProcessRunner processRunner(BuildLog log) throws IOException, InterruptedException {
        return new StepProcessRunner(new LauncherLaunch(context.get(Launcher.class), root, listener), agent,
                env, log);
    }

    DeploymentConfig loadConfig(String deployment) throws IOException, InterruptedException, HubDeployException {
        return agent.run(new LoadConfigTask(deployment));
    }

    /**
     * The core's work in a step: its failures fail the build with their message only, no stack trace. An I/O
     * failure the core did not classify (an unwritable workspace, a lost agent connection) is an environment
     * problem, as in the CLI (exit 3): one message too.
     */
    @FunctionalInterface
    interface CoreWork<T> {
        T call() throws IOException, InterruptedException, HubDeployException;
    }

    static <T> T failBuildOnError(CoreWork<T> work) throws IOException, InterruptedException {
        try {
            return work.call();
        } catch (HubDeployException e) {
            throw new AbortException(e.getMessage());
        } catch (AbortException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new AbortException("I/O failure: " + e.getMessage() + " (check the agent's workspace, disk and"
                    + " connection, then retry)");
        }
    }
}
