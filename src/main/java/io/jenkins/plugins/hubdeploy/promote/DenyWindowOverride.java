package io.jenkins.plugins.hubdeploy.promote;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit entry of a promotion that changed prod inside a deny window: which windows were open, why they were
 * overridden, by whom and when. Logged and written into the prod evidence.
 *
 * @param windows        the open windows, each as {@code 'reason' (field: description)}
 * @param windowReasons  the open windows' reasons, in the same order
 * @param overrideReason the reason given with the override
 * @param user           the build's user
 * @param at             when the decision was taken
 */
public record DenyWindowOverride(List<String> windows, List<String> windowReasons, String overrideReason, String user,
                                 Instant at) implements Serializable {
    private static final long serialVersionUID = 1L;

    public DenyWindowOverride {
        windows = List.copyOf(windows);
        windowReasons = List.copyOf(windowReasons);
    }

    /** The entry for the prod evidence (JSON-ready: strings and lists of strings). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("windows", windows);
        map.put("windowReasons", windowReasons);
        map.put("overrideReason", overrideReason);
        map.put("user", user);
        map.put("at", at.toString());
        return map;
    }

    /** One line for the build log. */
    public String logLine() {
        return "deny window overridden by " + user + " at " + at + ": " + String.join("; ", windows) + "; reason: "
                + overrideReason;
    }
}
