package io.jenkins.plugins.hubdeploy.smoke;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** One whole-run attempt: its number, outcome ("passed", "failed", "environment") and why. */
public record AttemptRecord(int number, String outcome, String reason, long millis) implements Serializable {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("attempt", number);
        map.put("outcome", outcome);
        map.put("reason", reason);
        map.put("seconds", millis / 1000.0);
        return map;
    }
}
