package io.jenkins.plugins.hubdeploy.steps;

import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProcessRunner} over the step context's {@link Launcher}, so commands run where the step runs: on the
 * agent, inside {@code container(...)}, with the environment of {@code withCredentials}/{@code withKubeConfig}.
 */
final class LauncherProcessRunner implements ProcessRunner {
    private final Launcher launcher;
    private final FilePath root;
    private final TaskListener listener;
    private final BuildLog log;

    LauncherProcessRunner(Launcher launcher, FilePath root, TaskListener listener, BuildLog log) {
        this.launcher = launcher;
        this.root = root;
        this.listener = listener;
        this.log = log;
    }

    @Override
    public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
        CapturedOutput out = new CapturedOutput(spec.echo() ? log : null);
        CapturedOutput err = new CapturedOutput(spec.echo() ? log : null);
        Proc proc;
        try {
            // quiet: the Launcher would print the raw command line, which may carry a secret
            proc = launcher.launch().cmds(spec.argv()).envs(spec.env())
                    .pwd(spec.dir().isEmpty() ? root : root.child(spec.dir()))
                    .stdout(out).stderr(err).quiet(true).start();
        } catch (IOException e) {
            if (cannotRunProgram(e)) {
                throw new ExecutableNotFoundException(spec.executable(), e);
            }
            throw e;
        }
        long timeoutMillis = spec.timeout().toMillis();
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
        out.close();
        err.close();
        return new ProcessResult(exitCode, out.text(), err.text(), timedOut);
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
