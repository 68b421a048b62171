package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;
import io.jenkins.plugins.hubdeploy.smoke.SmokeTask;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The smoke run in one JVM, as the step runs inside a Jenkins agent (no JVM start-up, no exit): {@link SmokeTask}
 * against a live hub, once per line read from stdin ({@code USER [MODULE...]}), so bench/smoke.sh can interleave
 * these runs with the curl floor and the CLI. Prints {@code MILLIS phase=MILLIS ...} per run, flushed at once.
 * Usage: {@code SmokeBench <hubUrl>}, the token in {@code JUPYTERHUB_API_TOKEN}.
 */
public final class SmokeBench {
    private SmokeBench() {
    }

    public static void main(String[] args) throws Exception {
        String hubUrl = args[0];
        String token = System.getenv("JUPYTERHUB_API_TOKEN");
        Path workspace = Files.createTempDirectory("smoke-bench");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
            List<String> words = Arrays.asList(line.trim().split("\\s+"));
            SmokeOptions options = new SmokeOptions(hubUrl, words.get(0), words.subList(1, words.size()), List.of(),
                    Duration.ofSeconds(60), Duration.ofSeconds(60), 1, Duration.ZERO, 1, false, null, null, null, null);
            long start = System.nanoTime();
            SmokeReport report = new LocalAgent(workspace).run(new SmokeTask(options, token,
                    SerializableBuildLog.inProcess(new CollectingLog())));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (report.exitCode().code() != 0) {
                throw new IllegalStateException("smoke run " + line + " did not pass: " + report.failureLines()
                        + " " + report.environmentFailure());
            }
            StringBuilder result = new StringBuilder(Long.toString(millis));
            report.phases().forEach((phase, ms) -> result.append(' ').append(phase).append('=').append(ms));
            System.out.println(result);
            System.out.flush();
        }
        Files.deleteIfExists(workspace);
    }
}
