package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The whole smoke run as an {@link AgentTask}: it runs where the agent's network is (in Jenkins inside
 * {@code FilePath.act}; in the CLI in-process). Reads the notebooks from the workspace, runs up to
 * {@code attempts} attempts (another one only after a failed spawn or an unreachable hub), writes the JUnit XML and
 * the JSON result into the workspace and returns the report. The token is masked in every line the task logs and
 * is scrubbed from everything it reports.
 */
public final class SmokeTask implements AgentTask<SmokeReport> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SmokeOptions options;
    private final String token;
    private final SerializableBuildLog log;

    public SmokeTask(SmokeOptions options, String token, SerializableBuildLog log) {
        this.options = options;
        this.token = token;
        this.log = log;
    }

    @Override
    public SmokeReport call(Path workspace) throws IOException, InterruptedException, HubDeployException {
        log.addSecret(token);
        options.validate();
        if (token == null || token.isBlank()) {
            throw HubDeployException.usage("no JupyterHub API token: give the step a secret text credentialsId"
                    + " (CLI: the variable named by --token-env, default JUPYTERHUB_API_TOKEN)");
        }
        List<Notebook> notebooks = new ArrayList<>();
        for (String path : options.notebooks()) {
            notebooks.add(Notebook.read(workspace, path));
        }
        SmokeReport report;
        try (HubClient hub = new HubClient(options.hubUrl(), token)) {
            report = scrub(attempts(hub, notebooks));
        }
        write(workspace, options.junitFile(), out -> JUnitReport.write(report, out));
        write(workspace, options.reportFile(), out -> JSON.writeValue(out, report.toMap()));
        log.info(String.format("smoke: %d passed, %d failed, %d skipped in %.1f s", report.count(CheckResult.Status.PASSED),
                report.count(CheckResult.Status.FAILED), report.count(CheckResult.Status.SKIPPED),
                report.millis() / 1000.0));
        log.info("smoke: time per phase: " + report.phases().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() + " ms").collect(Collectors.joining(", ")));
        return report;
    }

    private SmokeReport attempts(HubClient hub, List<Notebook> notebooks) throws InterruptedException {
        long started = System.nanoTime();
        List<AttemptRecord> attempts = new ArrayList<>();
        SmokeAttempt.Outcome outcome;
        for (int number = 1; ; number++) {
            log.info("smoke test of " + hub.hubUrl() + ", attempt " + number + " of " + options.attempts());
            long t0 = System.nanoTime();
            outcome = new SmokeAttempt(hub, options, notebooks, log).run();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            attempts.add(record(number, outcome, millis));
            if (outcome.passed() || !outcome.retryable() || number >= options.attempts()) {
                break;
            }
            log.warn("attempt " + number + " failed (" + attempts.get(attempts.size() - 1).reason() + "); trying"
                    + " again in " + options.retryDelay().toSeconds() + " s");
            Thread.sleep(options.retryDelay().toMillis());
        }
        return new SmokeReport(hub.hubUrl(), outcome.hubVersion(), outcome.checks(), attempts, outcome.progress(),
                outcome.load(), outcome.failure() == null ? null : outcome.failure().getMessage(),
                (System.nanoTime() - started) / 1_000_000, options.junitFile(), options.reportFile(),
                outcome.phases());
    }

    private static AttemptRecord record(int number, SmokeAttempt.Outcome outcome, long millis) {
        if (outcome.passed()) {
            return new AttemptRecord(number, "passed", null, millis);
        }
        if (outcome.failure() != null) {
            return new AttemptRecord(number, "environment", outcome.failure().getMessage(), millis);
        }
        String reason = outcome.checks().stream().filter(c -> c.status() == CheckResult.Status.FAILED)
                .map(c -> c.group() + " / " + c.name() + ": " + c.message()).findFirst().orElse("failed");
        return new AttemptRecord(number, "failed", reason, millis);
    }

    /** Belt and braces: no text that leaves the task may contain the token, whatever a hub echoed back. */
    private SmokeReport scrub(SmokeReport report) {
        SecretMasker masker = new SecretMasker();
        masker.add(token);
        List<CheckResult> checks = report.checks().stream().map(c -> new CheckResult(c.group(), c.name(), c.status(),
                c.millis(), masker.mask(c.message()), masker.mask(c.detail()), masker.mask(c.output()))).toList();
        List<AttemptRecord> attempts = report.attempts().stream().map(a -> new AttemptRecord(a.number(), a.outcome(),
                masker.mask(a.reason()), a.millis())).toList();
        return new SmokeReport(report.hubUrl(), report.hubVersion(), checks, attempts,
                report.progress().stream().map(masker::mask).toList(), report.load(),
                masker.mask(report.environmentFailure()), report.millis(), report.junitFile(), report.reportFile(),
                report.phases());
    }

    private static void write(Path workspace, String relative, Writer writer) throws IOException {
        if (relative == null) {
            return;
        }
        Path file = workspace.resolve(relative).normalize();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(out);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    @Override
    public String toString() {
        return "SmokeTask[" + options.hubUrl() + ", token=****]";
    }
}
