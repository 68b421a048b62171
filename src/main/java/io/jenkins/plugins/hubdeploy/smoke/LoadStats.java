package io.jenkins.plugins.hubdeploy.smoke;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spawn latency of the concurrent test users (load mode): nearest-rank percentiles over the ready ones. */
public record LoadStats(int users, int ready, int failed, long minMillis, long p50Millis, long p95Millis,
                        long maxMillis) implements Serializable {
    static LoadStats of(List<Long> readyLatencies, int failed) {
        List<Long> sorted = new ArrayList<>(readyLatencies);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return new LoadStats(failed, 0, failed, -1, -1, -1, -1);
        }
        return new LoadStats(n + failed, n, failed, sorted.get(0), rank(sorted, 50), rank(sorted, 95),
                sorted.get(n - 1));
    }

    private static long rank(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("users", users);
        map.put("ready", ready);
        map.put("failed", failed);
        map.put("minSeconds", minMillis / 1000.0);
        map.put("p50Seconds", p50Millis / 1000.0);
        map.put("p95Seconds", p95Millis / 1000.0);
        map.put("maxSeconds", maxMillis / 1000.0);
        return map;
    }

    @Override
    public String toString() {
        return String.format("%d/%d users ready, spawn latency min %.1f s, p50 %.1f s, p95 %.1f s, max %.1f s",
                ready, users, minMillis / 1000.0, p50Millis / 1000.0, p95Millis / 1000.0, maxMillis / 1000.0);
    }
}
