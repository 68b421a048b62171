package io.jenkins.plugins.hubdeploy.smoke;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check of a smoke run (a JUnit testcase): {@code group} is the testcase class (hub, spawn, kernel, import, or
 * the notebook path), {@code name} the testcase name. {@code message} is one line; {@code detail} the traceback or
 * the progress that explains a failure; {@code output} what the code printed.
 */
public record CheckResult(String group, String name, Status status, long millis, String message, String detail,
                          String output) implements Serializable {
    public enum Status { PASSED, FAILED, SKIPPED }

    static CheckResult passed(String group, String name, long millis, String output) {
        return new CheckResult(group, name, Status.PASSED, millis, null, null, output);
    }

    static CheckResult failed(String group, String name, long millis, String message, String detail, String output) {
        return new CheckResult(group, name, Status.FAILED, millis, message, detail, output);
    }

    static CheckResult skipped(String group, String name, String why) {
        return new CheckResult(group, name, Status.SKIPPED, 0, why, null, null);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("group", group);
        map.put("name", name);
        map.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        map.put("seconds", millis / 1000.0);
        if (message != null) {
            map.put("message", message);
        }
        if (detail != null && !detail.isEmpty()) {
            map.put("detail", detail);
        }
        if (output != null && !output.isEmpty()) {
            map.put("output", output);
        }
        return map;
    }
}
