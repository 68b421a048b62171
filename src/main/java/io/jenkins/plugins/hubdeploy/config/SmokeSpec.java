package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;
import java.util.List;

/** What the smoke test checks on a live hub. Notebook paths are repository-relative. */
public record SmokeSpec(String user, List<String> imports, List<String> notebooks, int timeoutSeconds)
        implements Serializable {
    public static SmokeSpec defaults() {
        return new SmokeSpec("deployment-service-check", List.of(), List.of(), 600);
    }
}
