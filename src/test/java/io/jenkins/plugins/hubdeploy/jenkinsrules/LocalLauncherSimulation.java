package io.jenkins.plugins.hubdeploy.jenkinsrules;

import io.jenkins.plugins.hubdeploy.steps.StepProcessRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A launch that treats a command the way {@code Launcher.LocalLauncher} does ({@link LauncherMacroExpansion} on the
 * environment and every argument), then starts it for real with {@link ProcessBuilder}, as its {@code LocalProc}
 * does: so the JVM looks the program up on this process's own PATH, not on the child's. stdout and stderr stay
 * separate, as on a plain agent. Interrupted, it kills the process tree and rethrows, as the steps' launch does.
 */
public final class LocalLauncherSimulation implements StepProcessRunner.Launch {
    private final Path workspace;

    public LocalLauncherSimulation(Path workspace) {
        this.workspace = workspace;
    }

    @Override
    public StepProcessRunner.Exit run(List<String> argv, Map<String, String> env, String dir, OutputStream out,
                                      OutputStream err, Duration timeout) throws IOException, InterruptedException {
        Map<String, String> processEnv = LauncherMacroExpansion.environment(System.getenv(), env);
        List<String> command = argv.stream().map(a -> LauncherMacroExpansion.expand(a, processEnv)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.resolve(dir).toFile());
        builder.environment().clear();
        builder.environment().putAll(processEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        Thread o = pump(process.getInputStream(), out);
        Thread e = pump(process.getErrorStream(), err);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            // the Launch contract, as the step's LauncherLaunch does with Proc.kill()
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw interrupted;
        }
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        o.join(5_000);
        e.join(5_000);
        return new StepProcessRunner.Exit(finished ? process.exitValue() : -1, !finished);
    }

    static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
