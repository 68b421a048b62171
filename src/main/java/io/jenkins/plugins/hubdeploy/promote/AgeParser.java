package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.time.Duration;

/** An evidence age: {@code 7d}, or anything {@link HelmDuration} reads ({@code 36h}, {@code 90m}); exit 2 otherwise. */
public final class AgeParser {
    private AgeParser() {
    }

    public static Duration parse(String text, String what) throws HubDeployException {
        String value = text == null ? "" : text.strip();
        if (value.matches("\\d+d")) {
            long days = Long.parseLong(value.substring(0, value.length() - 1));
            if (days == 0) {
                throw HubDeployException.usage(what + ": '" + text + "' must be longer than zero, e.g. 7d");
            }
            return Duration.ofDays(days);
        }
        try {
            return HelmDuration.parse(value, what);
        } catch (HubDeployException e) {
            throw HubDeployException.usage(what + ": '" + text + "' is not an age; write e.g. 7d, 36h or 90m");
        }
    }
}
