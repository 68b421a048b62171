package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a promotion run does (docs/promote.md). */
public enum PromoteMode {
    RECORD("record"), PULL_REQUEST("pullRequest"), CHECK("check"), MERGE("merge"), DEPLOY("deploy"), REVERT("revert");

    private final String id;

    PromoteMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses {@code record|pullRequest|check|merge|deploy|revert}; exit 2 naming the choices. */
    public static PromoteMode parse(String value, String option) throws HubDeployException {
        for (PromoteMode mode : values()) {
            if (mode.id.equals(value) || mode.id.equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw HubDeployException.usage(option + ": '" + value + "' is not a mode; use one of "
                + Arrays.stream(values()).map(PromoteMode::id).collect(Collectors.joining(", ")));
    }
}
