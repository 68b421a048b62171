package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of the phases of one attempt (preflight, preClean, create, spawn, checks, stop, delete), in the order
 * they first ran; a phase that runs more than once (one stop per user) adds up. For the JSON result and the log, so
 * a slow run shows where its time went.
 */
final class PhaseTimer {
    private final Map<String, Long> millis = Collections.synchronizedMap(new LinkedHashMap<>());

    <T> T time(String phase, Phase<T> work) throws HubDeployException, InterruptedException {
        long t0 = System.nanoTime();
        try {
            return work.run();
        } finally {
            add(phase, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    void add(String phase, long elapsedMillis) {
        millis.merge(phase, elapsedMillis, Long::sum);
    }

    Map<String, Long> toMap() {
        synchronized (millis) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
        }
    }

    @FunctionalInterface
    interface Phase<T> {
        T run() throws HubDeployException, InterruptedException;
    }
}
