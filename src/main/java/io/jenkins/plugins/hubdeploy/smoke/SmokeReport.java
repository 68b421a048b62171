package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a smoke run against one hub: the checks of the last attempt, every attempt with its reason, the
 * spawn progress, load statistics (load mode) and, when the run could not get as far as the checks, the environment
 * problem that stopped it (hub unreachable, token rejected, spawn never ready); {@code phases} is the wall time in
 * milliseconds of each phase of the last attempt (preflight, preClean, create, spawn, checks, stop, delete).
 */
public record SmokeReport(String hubUrl, String hubVersion, List<CheckResult> checks, List<AttemptRecord> attempts,
                          List<String> progress, LoadStats load, String environmentFailure, long millis,
                          String junitFile, String reportFile, Map<String, Long> phases) implements Serializable {
    public SmokeReport {
        checks = List.copyOf(checks);
        attempts = List.copyOf(attempts);
        progress = List.copyOf(progress);
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    public long count(CheckResult.Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    /** 0 all passed; 3 the run was stopped by the environment; 1 a check failed. */
    public ExitCode exitCode() {
        if (environmentFailure != null) {
            return ExitCode.ENVIRONMENT;
        }
        return count(CheckResult.Status.FAILED) > 0 ? ExitCode.FAILED : ExitCode.OK;
    }

    /** One line per failed check, for the failure message of the CLI and the step. */
    public List<String> failureLines() {
        List<String> lines = new ArrayList<>();
        for (CheckResult check : checks) {
            if (check.status() == CheckResult.Status.FAILED) {
                lines.add(check.group() + " / " + check.name() + ": " + check.message());
            }
        }
        return lines;
    }

    /** The map the step returns: counts, duration, hub version, attempts and (load mode) spawn latency. */
    public Map<String, Object> summary() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hubUrl", hubUrl);
        map.put("hubVersion", hubVersion);
        map.put("passed", count(CheckResult.Status.PASSED));
        map.put("failed", count(CheckResult.Status.FAILED));
        map.put("skipped", count(CheckResult.Status.SKIPPED));
        map.put("durationSeconds", millis / 1000.0);
        map.put("attempts", attempts.size());
        map.put("exitCode", exitCode().code());
        if (environmentFailure != null) {
            map.put("environmentFailure", environmentFailure);
        }
        if (load != null) {
            map.put("spawnLatency", load.toMap());
        }
        if (junitFile != null) {
            map.put("junit", junitFile);
        }
        if (reportFile != null) {
            map.put("report", reportFile);
        }
        return map;
    }

    /** The JSON result: the summary plus every attempt, check and progress line, and the phase timings. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = summary();
        map.put("phaseMillis", phases);
        map.put("attemptLog", attempts.stream().map(AttemptRecord::toMap).toList());
        map.put("checks", checks.stream().map(CheckResult::toMap).toList());
        map.put("progress", progress);
        return map;
    }
}
