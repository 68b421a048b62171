package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DateRange;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DenyWindowSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.Weekly;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One configured time when prod must not change. Times are wall-clock times in the window's zone, resolved with
 * {@link ZonedDateTime#of}: a time in a daylight-saving gap moves forward by the gap, a time that occurs twice means
 * its first occurrence. Starts are inclusive, ends exclusive.
 */
public final class DenyWindow implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DenyWindowSpec spec;

    private DenyWindow(DenyWindowSpec spec) {
        this.spec = spec;
    }

    public static DenyWindow of(DenyWindowSpec spec) {
        return new DenyWindow(spec);
    }

    public DenyWindowSpec spec() {
        return spec;
    }

    public String reason() {
        return spec.reason();
    }

    /** Where it is configured, e.g. {@code promotion.denyWindows[1]}. */
    public String field() {
        return spec.field();
    }

    /** e.g. {@code every Mon, Wed 09:00-12:00 America/Los_Angeles}. */
    public String description() {
        if (spec instanceof DateRange d) {
            return "from " + d.from() + " to " + d.to() + " " + d.timeZone() + " (end exclusive)";
        }
        Weekly w = (Weekly) spec;
        String days = w.days().stream().map(DenyWindow::shortName).collect(Collectors.joining(", "));
        String end = w.endOfDay() ? "24:00" : w.end().toString();
        return "every " + days + " " + w.start() + "-" + end + (w.crossesMidnight() && !w.endOfDay() ? " (next day)" : "")
                + " " + w.timeZone();
    }

    /** The occurrence of this window that contains {@code now}, if any. */
    public Optional<Occurrence> openAt(Instant now) {
        if (spec instanceof DateRange d) {
            return occurrence(ZonedDateTime.of(d.from(), d.timeZone()), ZonedDateTime.of(d.to(), d.timeZone()), now);
        }
        Weekly w = (Weekly) spec;
        LocalDate today = now.atZone(w.timeZone()).toLocalDate();
        // a weekly window lasts at most a day (25 hours on a fall-back day), so one containing now started today or yesterday
        for (LocalDate day : new LocalDate[]{today.minusDays(1), today}) {
            if (!w.days().contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime start = ZonedDateTime.of(day, w.start(), w.timeZone());
            LocalTime endTime = w.endOfDay() ? LocalTime.MIDNIGHT : w.end();
            ZonedDateTime end = ZonedDateTime.of(w.crossesMidnight() ? day.plusDays(1) : day, endTime, w.timeZone());
            Optional<Occurrence> open = occurrence(start, end, now);
            if (open.isPresent()) {
                return open;
            }
        }
        return Optional.empty();
    }

    private Optional<Occurrence> occurrence(ZonedDateTime start, ZonedDateTime end, Instant now) {
        boolean open = !now.isBefore(start.toInstant()) && now.isBefore(end.toInstant());
        return open ? Optional.of(new Occurrence(this, start, end)) : Optional.empty();
    }

    private static String shortName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    @Override
    public String toString() {
        return "'" + reason() + "' (" + field() + ": " + description() + ")";
    }

    /** A window that is open now: which one, and from when until when (in its zone). */
    public record Occurrence(DenyWindow window, ZonedDateTime start, ZonedDateTime end) implements Serializable {
        private static final long serialVersionUID = 1L;

        public String reason() {
            return window.reason();
        }

        /**
         * e.g. {@code deny window 'lab hours' (promotion.denyWindows[1]: every Mon, Wed 09:00-12:00
         * America/Los_Angeles), open until 2026-03-09T12:00-07:00}.
         */
        public String description() {
            return "deny window " + window + ", open until " + end.toOffsetDateTime();
        }
    }
}
