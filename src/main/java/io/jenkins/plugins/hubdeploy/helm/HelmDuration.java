package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written the way helm and kubectl take them ({@code 30m}, {@code 1h30m}, {@code 90s}, {@code 600}). */
public final class HelmDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s)");

    private HelmDuration() {
    }

    /** Parses {@code 1h30m10s}-style text, or a bare number of seconds; exit 2 for anything else. */
    public static Duration parse(String text, String what) throws HubDeployException {
        String value = text == null ? "" : text.strip();
        try {
            if (value.matches("\\d+")) {
                return positive(Duration.ofSeconds(Long.parseLong(value)), text, what);
            }
            // part by part from where the last one ended: find() would rescan the rest from every position
            Matcher m = PART.matcher(value);
            Duration total = Duration.ZERO;
            int end = 0;
            while (end < value.length() && m.region(end, value.length()).lookingAt()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
                end = m.end();
            }
            if (value.isEmpty() || end != value.length()) {
                throw HubDeployException.usage(what + ": '" + text + "' is not a duration; write e.g. 30m, 1h, 1h30m or 900s");
            }
            return positive(total, text, what);
        } catch (NumberFormatException | ArithmeticException e) {
            throw HubDeployException.usage(what + ": '" + text + "' is too long a duration; write e.g. 30m, 1h or 900s");
        }
    }

    /** Whole seconds with an {@code s}, which helm and kubectl both read. */
    public static String format(Duration duration) {
        return Math.max(1, duration.toSeconds()) + "s";
    }

    private static Duration positive(Duration d, String text, String what) throws HubDeployException {
        if (d.isZero()) {
            throw HubDeployException.usage(what + ": '" + text + "' must be longer than zero, e.g. 30m");
        }
        return d;
    }
}
