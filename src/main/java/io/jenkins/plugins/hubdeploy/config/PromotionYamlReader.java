package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.config.MapReader.Located;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DateRange;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DenyWindowSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.GitHubSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.LockSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.Weekly;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and validates the {@code promotion:} section of a hubdeploy.yaml (schema: docs/configuration.md). */
final class PromotionYamlReader {
    /** {@code 7d}, {@code 36h}, {@code 1d12h}, {@code 90m}, {@code 30s}: helm's units plus days. */
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,6})([dhms])");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-4]):([0-5]\\d)");
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("MON", DayOfWeek.MONDAY), Map.entry("TUE", DayOfWeek.TUESDAY),
            Map.entry("WED", DayOfWeek.WEDNESDAY), Map.entry("THU", DayOfWeek.THURSDAY),
            Map.entry("FRI", DayOfWeek.FRIDAY), Map.entry("SAT", DayOfWeek.SATURDAY), Map.entry("SUN", DayOfWeek.SUNDAY));
    private static final Duration MAX_EVIDENCE_AGE = Duration.ofDays(365);
    private static final Duration MAX_LOCK_WAIT = Duration.ofHours(6);
    private static final Duration MAX_LOCK_TTL = Duration.ofDays(1);

    private final ConfigSource src;

    private PromotionYamlReader(ConfigSource src) {
        this.src = src;
    }

    /** The section's settings; {@link PromotionSpec#defaults()} when {@code promotion} is null (absent). */
    static PromotionSpec read(ConfigSource src, MapReader promotion) throws HubDeployException {
        return promotion == null ? PromotionSpec.defaults() : new PromotionYamlReader(src).read(promotion);
    }

    private PromotionSpec read(MapReader p) throws HubDeployException {
        p.allowOnly("sourceBranch", "targetBranch", "maxEvidenceAge", "denyWindows", "lock", "rollbackFirstInstall",
                "github");
        String source = branch(p, "sourceBranch", PromotionSpec.DEFAULT_SOURCE_BRANCH);
        String target = branch(p, "targetBranch", PromotionSpec.DEFAULT_TARGET_BRANCH);
        if (source.equals(target)) {
            throw p.error("targetBranch", "targetBranch and sourceBranch are both '" + target + "'",
                    "Promotion moves a tested state from one branch to another: name two different branches");
        }
        Duration maxAge = duration(p, "maxEvidenceAge", PromotionSpec.DEFAULT_MAX_EVIDENCE_AGE, Duration.ofMinutes(1),
                MAX_EVIDENCE_AGE);
        List<DenyWindowSpec> windows = new ArrayList<>();
        for (MapReader w : p.listOfMaps("denyWindows", "a list of windows, each either {from, to, timeZone, reason}"
                + " or {days, start, end, timeZone, reason}")) {
            windows.add(denyWindow(w));
        }
        LockSpec lock = lock(p.map("lock"));
        boolean rollbackFirstInstall = p.optionalBoolean("rollbackFirstInstall", false);
        GitHubSpec github = github(p.map("github"));
        return new PromotionSpec(source, target, maxAge, windows, lock, rollbackFirstInstall, github);
    }

    private static String branch(MapReader p, String key, String def) throws HubDeployException {
        String name = p.optionalString(key, def).strip();
        if (!isBranchName(name)) {
            throw p.error(key, "'" + name + "' is not a git branch name",
                    "Give the branch's short name, e.g. " + def + " (no spaces, '..', '~', '^', ':', '?', '*', '[', '\\',"
                            + " no leading '-' or refs/heads/)");
        }
        return name;
    }

    /** git check-ref-format's rules for a branch's short name. */
    static boolean isBranchName(String name) {
        if (name.isEmpty() || name.startsWith("-") || name.startsWith("/") || name.endsWith("/")
                || name.endsWith(".") || name.endsWith(".lock") || name.contains("..") || name.contains("//")
                || name.contains("@{") || name.equals("@") || name.startsWith("refs/") || name.startsWith(".")
                || name.contains("/.")) {
            return false;
        }
        for (char c : name.toCharArray()) {
            if (c <= ' ' || c == 0x7f || "~^:?*[\\".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private DenyWindowSpec denyWindow(MapReader w) throws HubDeployException {
        boolean dated = w.has("from") || w.has("to");
        boolean weekly = w.has("days") || w.has("start") || w.has("end");
        if (dated && weekly) {
            throw w.error(w.has("days") ? "days" : w.has("start") ? "start" : "end", "a window is either a date range"
                    + " (from, to) or weekly (days, start, end), not both", "Split it into two windows");
        }
        if (!dated && !weekly) {
            throw src.error(w.line(), w.path(), "the window has neither from/to nor days/start/end",
                    "Write {from: \"2026-12-10T00:00\", to: \"2026-12-18T00:00\", timeZone: America/Los_Angeles,"
                            + " reason: finals week} or {days: [MON, WED], start: \"09:00\", end: \"12:00\","
                            + " timeZone: America/Los_Angeles, reason: lab hours}");
        }
        if (dated) {
            w.allowOnly("from", "to", "timeZone", "reason");
        } else {
            w.allowOnly("days", "start", "end", "timeZone", "reason");
        }
        ZoneId zone = zone(w);
        String reason = w.requiredString("reason", "why prod is frozen then, e.g. finals week (it is shown when a"
                + " promotion is refused)").strip();
        if (reason.isEmpty()) {
            throw w.error("reason", "reason is empty", "Say why prod is frozen then, e.g. finals week");
        }
        return dated ? dateRange(w, zone, reason) : weekly(w, zone, reason);
    }

    private DateRange dateRange(MapReader w, ZoneId zone, String reason) throws HubDeployException {
        LocalDateTime from = dateTime(w, "from");
        LocalDateTime to = dateTime(w, "to");
        if (!to.isAfter(from)) {
            throw w.error("to", "the window ends (" + to + ") before or when it starts (" + from + ")",
                    "'to' is the first moment after the window (exclusive): it must be later than 'from'");
        }
        return new DateRange(from, to, zone, reason, w.path());
    }

    private static LocalDateTime dateTime(MapReader w, String key) throws HubDeployException {
        String text = w.requiredString(key, "a local date and time such as \"2026-12-10T00:00\" (or a date,"
                + " meaning its midnight)").strip();
        try {
            return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw w.error(key, "'" + text + "' is not a local date and time",
                    "Write YYYY-MM-DDTHH:MM in the window's time zone, e.g. \"2026-12-10T00:00\", or a date"
                            + " YYYY-MM-DD (its midnight); no offset or Z: the zone is timeZone");
        }
    }

    private Weekly weekly(MapReader w, ZoneId zone, String reason) throws HubDeployException {
        List<DayOfWeek> days = new ArrayList<>();
        for (Located day : w.stringList("days", "days of the week such as MON, WED")) {
            DayOfWeek d = day(day.value());
            if (d == null) {
                throw src.error(day.line(), day.field(), "'" + day.value() + "' is not a day of the week"
                        + Suggestions.didYouMean(day.value().toUpperCase(Locale.ROOT), DAYS.keySet()),
                        "Expected MON, TUE, WED, THU, FRI, SAT or SUN");
            }
            if (days.contains(d)) {
                throw src.error(day.line(), day.field(), d + " is listed twice", null);
            }
            days.add(d);
        }
        if (days.isEmpty()) {
            throw w.has("days") ? w.error("days", "days is empty", "List the days the window starts on, e.g. [MON, WED]")
                    : w.missing("days", "the days the window starts on, e.g. [MON, WED]");
        }
        String startText = w.requiredString("start", "the local time the window opens, e.g. \"09:00\"").strip();
        String endText = w.requiredString("end", "the local time the window closes, e.g. \"12:00\"").strip();
        LocalTime start = time(w, "start", startText, false);
        boolean endOfDay = endText.equals("24:00");
        LocalTime end = endOfDay ? LocalTime.MIDNIGHT : time(w, "end", endText, true);
        if (!endOfDay && start.equals(end)) {
            throw w.error("end", "start and end are both " + startText + ": the window would be empty",
                    "For a whole day write start: \"00:00\", end: \"24:00\"");
        }
        return new Weekly(days, start, end, endOfDay, zone, reason, w.path());
    }

    private static DayOfWeek day(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        DayOfWeek d = DAYS.get(t);
        if (d != null) {
            return d;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(t)) {
                return day;
            }
        }
        return null;
    }

    private static LocalTime time(MapReader w, String key, String text, boolean end) throws HubDeployException {
        Matcher m = TIME.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) == 24) {
            throw w.error(key, "'" + text + "' is not a time of day",
                    "Write HH:MM on a 24-hour clock, quoted, e.g. \"09:00\"" + (end ? " (\"24:00\" for midnight at the"
                            + " end of the day)" : ""));
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static ZoneId zone(MapReader w) throws HubDeployException {
        String text = w.requiredString("timeZone", "an IANA time zone such as America/Los_Angeles (or UTC)").strip();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw w.error("timeZone", "'" + text + "' is not a time zone" + Suggestions.didYouMean(text,
                            ZoneId.getAvailableZoneIds()),
                    "Give an IANA zone name such as America/Los_Angeles, Europe/Berlin or UTC: a zone with daylight"
                            + " saving rules, not a fixed offset like PST");
        }
    }

    private LockSpec lock(MapReader lock) throws HubDeployException {
        LockSpec defaults = LockSpec.defaults();
        if (lock == null) {
            return defaults;
        }
        lock.allowOnly("wait", "ttl");
        Duration wait = duration(lock, "wait", defaults.maxWait(), Duration.ZERO, MAX_LOCK_WAIT);
        Duration ttl = duration(lock, "ttl", defaults.ttl(), Duration.ofMinutes(1), MAX_LOCK_TTL);
        return new LockSpec(wait, ttl);
    }

    private GitHubSpec github(MapReader github) throws HubDeployException {
        GitHubSpec defaults = GitHubSpec.defaults();
        if (github == null) {
            return defaults;
        }
        github.allowOnly("apiUrl", "autoMerge");
        String url = github.optionalString("apiUrl", defaults.apiUrl()).strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw github.error("apiUrl", "'" + url + "' is not a GitHub API URL",
                    "Expected https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server (no"
                            + " credentials: the token comes from the job's credentials)");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return new GitHubSpec(url, github.optionalBoolean("autoMerge", defaults.autoMerge()));
    }

    /** A {@code 7d}/{@code 1h30m}/{@code 90s} duration within [min, max]. */
    private static Duration duration(MapReader m, String key, Duration def, Duration min, Duration max)
            throws HubDeployException {
        if (!m.has(key)) {
            return def;
        }
        String text = m.optionalString(key, null).strip();
        Duration d = parseDuration(text);
        if (d == null) {
            throw m.error(key, "'" + text + "' is not a duration",
                    "Write a number with a unit: d (days), h, m or s, e.g. " + human(def) + " or 1h30m");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw m.error(key, key + " " + text + " is out of range", "Expected between " + human(min) + " and "
                    + human(max));
        }
        return d;
    }

    /** Parses {@code 7d}, {@code 1d12h}, {@code 90m}, {@code 0}; null when it is not such a duration. */
    static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        String units = "";
        while (m.find() && m.start() == end) {
            if (units.contains(m.group(2)) || (!units.isEmpty()
                    && "dhms".indexOf(m.group(2).charAt(0)) < "dhms".indexOf(units.charAt(units.length() - 1)))) {
                return null;
            }
            units += m.group(2);
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        return text.isEmpty() || end != text.length() ? null : total;
    }

    /** 7d, 10m, 1h30m: how a duration is written in this file. */
    static String human(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long s = d.toSeconds();
        long[] sizes = {86_400, 3600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (s >= sizes[i]) {
                out.append(s / sizes[i]).append(units[i]);
                s %= sizes[i];
            }
        }
        return out.toString();
    }
}
