package io.jenkins.plugins.hubdeploy.steps;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link StepProcessRunner.Launch} over the step context's {@link Launcher}, so commands run where the step runs: on
 * the agent, inside {@code container(...)}, with the step's environment. {@link LauncherCommand} has already escaped
 * and wrapped the command; this class only starts it, waits and kills.
 */
final class LauncherLaunch implements StepProcessRunner.Launch {
    private final Launcher launcher;
    private final FilePath root;
    private final TaskListener listener;

    LauncherLaunch(Launcher launcher, FilePath root, TaskListener listener) {
        this.launcher = launcher;
        this.root = root;
        this.listener = listener;
    }

    @Override
    public StepProcessRunner.Exit run(List<String> argv, Map<String, String> env, String dir, OutputStream out,
                                      OutputStream err, Duration timeout) throws IOException, InterruptedException {
        Proc proc;
        try {
            // quiet: the Launcher would print the raw command line, which may carry a secret
            proc = launcher.launch().cmds(argv).envs(env).pwd(dir.isEmpty() ? root : root.child(dir))
                    .stdout(out).stderr(err).quiet(true).start();
        } catch (IOException e) {
            if (cannotRunProgram(e)) {
                throw new ExecutableNotFoundException(argv.get(0), e);
            }
            throw e;
        }
        long timeoutMillis = timeout.toMillis();
        long started = System.nanoTime();
        int exitCode;
        try {
            exitCode = proc.joinWithTimeout(timeoutMillis, TimeUnit.MILLISECONDS, listener);
        } catch (InterruptedException e) {
            try {
                proc.kill();
            } catch (IOException | InterruptedException killFailure) {
                e.addSuppressed(killFailure);
            }
            throw e;
        }
        // joinWithTimeout kills the process at the timeout and returns its exit code; it does not say it did so
        boolean timedOut = exitCode != 0
                && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= timeoutMillis;
        return new StepProcessRunner.Exit(exitCode, timedOut);
    }

    private static boolean cannotRunProgram(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("Cannot run program")) {
                return true;
            }
        }
        return false;
    }
}
