package io.jenkins.plugins.hubdeploy.jenkinsrules;

import io.jenkins.plugins.hubdeploy.steps.StepProcessRunner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A launch that treats a command the way the kubernetes plugin's {@code container()} step does (its
 * {@code ContainerExecDecorator}, rules read in jenkinsci/kubernetes-plugin; no code copied), with a real
 * {@code sh} in place of the container's:
 * <ul>
 * <li>a shell reads a script on stdin: {@code cd "<dir>"}, one {@code export K='v'} per variable whose name a shell
 *     accepts (each {@code $$} in a value becomes {@code $}; {@code '} is written {@code '\''}), then the command:
 *     every argument with {@code $$} replaced by {@code \$} and {@code "} by {@code \"}, wrapped in double quotes,
 *     then {@code exit};</li>
 * <li>there is no Launcher macro expansion;</li>
 * <li>stdout and stderr are written to the same stream (the caller's stdout); the caller's stderr gets nothing;</li>
 * <li>a program that is not there is the shell's exit 127.</li>
 * </ul>
 */
public final class ContainerExecSimulation implements StepProcessRunner.Launch {
    private static final Pattern SHELL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Path workspace;

    public ContainerExecSimulation(Path workspace) {
        this.workspace = workspace;
    }

    @Override
    public StepProcessRunner.Exit run(List<String> argv, Map<String, String> env, String dir, OutputStream out,
                                      OutputStream err, Duration timeout) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        script.append("cd \"").append(workspace.resolve(dir)).append("\"\n");
        env.forEach((key, value) -> {
            if (SHELL_NAME.matcher(key).matches()) {
                String v = value.replace("$$", "$");
                script.append("export ").append(key).append("='").append(v.replace("'", "'\\''")).append("'\n");
            }
        });
        for (String arg : argv) {
            script.append('"').append(arg.replace("$$", "\\$").replace("\"", "\\\"")).append("\" ");
        }
        script.append("\nexit\n");
        ProcessBuilder builder = new ProcessBuilder("sh").redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(script.toString().getBytes(StandardCharsets.UTF_8));
        }
        Thread o = LocalLauncherSimulation.pump(process.getInputStream(), out);
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        o.join(5_000);
        return new StepProcessRunner.Exit(finished ? process.exitValue() : -1, !finished);
    }
}
