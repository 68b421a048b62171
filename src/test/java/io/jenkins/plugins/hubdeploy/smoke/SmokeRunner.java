package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a {@link SmokeTask} in-process (as the CLI does) and keeps the log, the JUnit XML and the JSON it wrote. */
final class SmokeRunner {
    record Result(SmokeReport report, String log, String junit, String json) {
        /** Everything that leaves a run, for the "the token never appears" check. */
        String everything() {
            return log + "\n" + junit + "\n" + json + "\n" + report.toMap();
        }
    }

    private SmokeRunner() {
    }

    static SmokeOptions options(String hubUrl, String user) {
        return new SmokeOptions(hubUrl, user, List.of(), List.of(), Duration.ofSeconds(60), Duration.ofSeconds(60),
                1, Duration.ZERO, 1, false, null, null, "out/smoke.xml", "out/smoke.json");
    }

    static SmokeOptions with(SmokeOptions o, List<String> imports, List<String> notebooks) {
        return new SmokeOptions(o.hubUrl(), o.user(), imports, notebooks, o.checkTimeout(), o.spawnTimeout(),
                o.attempts(), o.retryDelay(), o.users(), o.keepUser(), o.kernel(), o.userOptionsJson(), o.junitFile(),
                o.reportFile());
    }

    static Result run(Path workspace, SmokeOptions options, String token) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SmokeTask task = new SmokeTask(options, token, SerializableBuildLog.inProcess(new PrintStreamLog(stream)));
        SmokeReport report = new LocalAgent(workspace).run(task);
        String log = bytes.toString(StandardCharsets.UTF_8);
        Result result = new Result(report, log, read(workspace, options.junitFile()),
                read(workspace, options.reportFile()));
        assertThat(result.everything()).as("the token never appears in the log, JUnit XML, JSON or result")
                .doesNotContain(token);
        return result;
    }

    /** Writes a notebook (nbformat 4) with one code cell per source, plus a markdown cell first. */
    static String notebook(Path workspace, String name, String... sources) throws IOException {
        StringBuilder cells = new StringBuilder("{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"# "
                + name + "\"]}");
        for (String source : sources) {
            cells.append(", {\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {}, \"outputs\": [],"
                    + " \"source\": ").append(new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(List.of(source.split("(?<=\n)")))).append('}');
        }
        Path file = workspace.resolve("tests").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [" + cells
                + "]}");
        return "tests/" + name;
    }

    private static String read(Path workspace, String relative) throws IOException {
        Path file = workspace.resolve(relative);
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
