package io.jenkins.plugins.hubdeploy.promote;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks a promotion ran on the evidence, in order, each with what was expected and what was found. */
public record Verification(Evidence evidence, List<Check> checks) implements Serializable {
    private static final long serialVersionUID = 1L;

    public record Check(String name, boolean passed, String expected, String found) implements Serializable {
        private static final long serialVersionUID = 1L;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", name);
            m.put("outcome", passed ? "passed" : "failed");
            m.put("expected", expected);
            m.put("found", found);
            return m;
        }
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", passed() ? "passed" : "failed");
        List<Map<String, Object>> list = new ArrayList<>();
        checks.forEach(c -> list.add(c.toMap()));
        m.put("checks", list);
        m.put("evidence", evidence == null ? null : evidence.toMap());
        return m;
    }
}
