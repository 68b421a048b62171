package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DateRange;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DenyWindowSpec;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.Weekly;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.DenyWindow.Occurrence;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Deny windows at their edges: inclusive starts, exclusive ends, America/Los_Angeles across the 2026 daylight-saving
 * changes (clocks jump 02:00 PST -> 03:00 PDT on Sunday 8 March, fall back 02:00 PDT -> 01:00 PST on Sunday
 * 1 November), weekly windows crossing midnight, judged with a fixed clock.
 */
class DenyWindowsTest {
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Duration NANO = Duration.ofNanos(1);

    private static DateRange range(String from, String to, ZoneId zone) {
        return new DateRange(LocalDateTime.parse(from), LocalDateTime.parse(to), zone, "finals week",
                "promotion.denyWindows[0]");
    }

    private static Weekly weekly(List<DayOfWeek> days, String start, String end, ZoneId zone) {
        boolean endOfDay = end.equals("24:00");
        return new Weekly(days, LocalTime.parse(start), endOfDay ? LocalTime.MIDNIGHT : LocalTime.parse(end), endOfDay,
                zone, "lab hours", "promotion.denyWindows[1]");
    }

    private static boolean open(DenyWindowSpec spec, String instant) {
        return open(spec, Instant.parse(instant));
    }

    private static boolean open(DenyWindowSpec spec, Instant instant) {
        return new DenyWindows(List.of(DenyWindow.of(spec)), Clock.fixed(instant, ZoneOffset.UTC)).check().isPresent();
    }

    @Test
    void dateRangeStartIsInclusiveAndEndExclusive() {
        DateRange finals = range("2026-12-10T00:00", "2026-12-18T00:00", LA); // PST, UTC-8
        Instant start = Instant.parse("2026-12-10T08:00:00Z");
        Instant end = Instant.parse("2026-12-18T08:00:00Z");

        assertThat(open(finals, start.minus(NANO))).isFalse();
        assertThat(open(finals, start)).isTrue();
        assertThat(open(finals, end.minus(NANO))).isTrue();
        assertThat(open(finals, end)).isFalse();
    }

    @Test
    void dateRangeAcrossTheSpringChangeUsesEachEndsOwnOffset() {
        // starts in PST (UTC-8), ends in PDT (UTC-7): 47 real hours, not 48
        DateRange weekend = range("2026-03-07T00:00", "2026-03-09T00:00", LA);

        assertThat(open(weekend, "2026-03-07T07:59:59Z")).isFalse();
        assertThat(open(weekend, "2026-03-07T08:00:00Z")).isTrue();
        assertThat(open(weekend, "2026-03-09T06:59:59Z")).isTrue();
        assertThat(open(weekend, "2026-03-09T07:00:00Z")).isFalse(); // a fixed PST offset would still say open here
    }

    @Test
    void dateRangeStartingInTheRepeatedHourStartsAtItsFirstOccurrence() {
        // 01:30 happens twice on 1 November: 08:30Z (PDT) and 09:30Z (PST)
        DateRange fromRepeated = range("2026-11-01T01:30", "2026-11-02T00:00", LA);

        assertThat(open(fromRepeated, "2026-11-01T08:29:59Z")).isFalse();
        assertThat(open(fromRepeated, "2026-11-01T08:30:00Z")).isTrue();
        assertThat(open(fromRepeated, "2026-11-01T09:30:00Z")).isTrue();
        assertThat(open(fromRepeated, "2026-11-02T07:59:59Z")).isTrue();
        assertThat(open(fromRepeated, "2026-11-02T08:00:00Z")).isFalse();
    }

    @Test
    void dateRangeStartingInTheSkippedHourMovesForward() {
        // 02:30 does not exist on 8 March: it means 03:30 PDT = 10:30Z
        DateRange fromSkipped = range("2026-03-08T02:30", "2026-03-08T12:00", LA);

        assertThat(open(fromSkipped, "2026-03-08T10:29:59Z")).isFalse();
        assertThat(open(fromSkipped, "2026-03-08T10:30:00Z")).isTrue();
    }

    @Test
    void weeklyWindowKeepsItsWallClockTimesAcrossTheSpringChange() {
        Weekly labs = weekly(List.of(MONDAY, WEDNESDAY), "09:00", "12:00", LA);

        // Monday 2 March, PST: 09:00 = 17:00Z
        assertThat(open(labs, "2026-03-02T16:59:59Z")).isFalse();
        assertThat(open(labs, "2026-03-02T17:00:00Z")).isTrue();
        assertThat(open(labs, "2026-03-02T19:59:59Z")).isTrue();
        assertThat(open(labs, "2026-03-02T20:00:00Z")).isFalse();
        // Monday 9 March, PDT: 09:00 = 16:00Z
        assertThat(open(labs, "2026-03-09T15:59:59Z")).isFalse();
        assertThat(open(labs, "2026-03-09T16:00:00Z")).isTrue();
        assertThat(open(labs, "2026-03-09T18:59:59Z")).isTrue();
        assertThat(open(labs, "2026-03-09T19:00:00Z")).isFalse();
        // Wednesday yes, Tuesday no
        assertThat(open(labs, "2026-03-11T17:00:00Z")).isTrue();
        assertThat(open(labs, "2026-03-10T17:00:00Z")).isFalse();
    }

    @Test
    void weeklyWindowOverTheFallBackNightLastsTwoRealHours() {
        // Sunday 1 November 01:00 PDT (08:00Z) to 02:00 PST (10:00Z): 01:00-02:00 local happens twice
        Weekly night = weekly(List.of(SUNDAY), "01:00", "02:00", LA);

        assertThat(open(night, "2026-11-01T07:59:59Z")).isFalse();
        assertThat(open(night, "2026-11-01T08:00:00Z")).isTrue();
        assertThat(open(night, "2026-11-01T09:30:00Z")).isTrue(); // 01:30 PST, the second time round
        assertThat(open(night, "2026-11-01T09:59:59Z")).isTrue();
        assertThat(open(night, "2026-11-01T10:00:00Z")).isFalse();
    }

    @Test
    void weeklyWindowInsideTheSkippedHourIsEmptyThatDay() {
        // Sunday 02:00-03:00: on 8 March 02:00 becomes 03:00 PDT, the end: no instant is inside; a week later it is
        Weekly skipped = weekly(List.of(SUNDAY), "02:00", "03:00", LA);

        assertThat(open(skipped, "2026-03-08T09:59:59Z")).isFalse();
        assertThat(open(skipped, "2026-03-08T10:00:00Z")).isFalse();
        assertThat(open(skipped, "2026-03-15T09:00:00Z")).isTrue(); // 02:00 PDT
        assertThat(open(skipped, "2026-03-15T10:00:00Z")).isFalse();
    }

    @Test
    void weeklyWindowCrossingMidnightEndsTheNextDay() {
        Weekly overnight = weekly(List.of(FRIDAY), "22:00", "02:00", UTC);

        assertThat(open(overnight, "2026-12-04T21:59:59Z")).isFalse(); // Friday
        assertThat(open(overnight, "2026-12-04T22:00:00Z")).isTrue();
        assertThat(open(overnight, "2026-12-04T23:59:59Z")).isTrue();
        assertThat(open(overnight, "2026-12-05T00:00:00Z")).isTrue(); // Saturday, still Friday's window
        assertThat(open(overnight, "2026-12-05T01:59:59Z")).isTrue();
        assertThat(open(overnight, "2026-12-05T02:00:00Z")).isFalse();
        assertThat(open(overnight, "2026-12-05T22:30:00Z")).isFalse(); // Saturday evening: not a start day
        assertThat(open(overnight, "2026-12-04T01:00:00Z")).isFalse(); // Friday early: Thursday started none
    }

    @Test
    void weeklyWindowToMidnightCoversTheWholeDay() {
        Weekly sunday = weekly(List.of(SUNDAY), "00:00", "24:00", UTC);

        assertThat(open(sunday, "2026-12-05T23:59:59Z")).isFalse();
        assertThat(open(sunday, "2026-12-06T00:00:00Z")).isTrue();
        assertThat(open(sunday, "2026-12-06T23:59:59Z")).isTrue();
        assertThat(open(sunday, "2026-12-07T00:00:00Z")).isFalse();
    }

    @Test
    void checkNamesTheOpenWindowWithDescriptionAndReason() {
        DenyWindows windows = new DenyWindows(List.of(DenyWindow.of(range("2026-12-10T00:00", "2026-12-18T00:00", LA)),
                DenyWindow.of(weekly(List.of(MONDAY, WEDNESDAY), "09:00", "12:00", LA))), Clock.systemUTC());

        Optional<Occurrence> labs = windows.check(Instant.parse("2026-12-07T17:30:00Z")); // Monday 09:30 PST
        assertThat(labs).isPresent();
        assertThat(labs.get().reason()).isEqualTo("lab hours");
        assertThat(labs.get().description()).isEqualTo("deny window 'lab hours' (promotion.denyWindows[1]: every Mon,"
                + " Wed 09:00-12:00 America/Los_Angeles), open until 2026-12-07T12:00-08:00");
        Optional<Occurrence> finals = windows.check(Instant.parse("2026-12-14T17:30:00Z")); // both open: first wins
        assertThat(finals.get().description()).isEqualTo("deny window 'finals week' (promotion.denyWindows[0]: from"
                + " 2026-12-10T00:00 to 2026-12-18T00:00 America/Los_Angeles (end exclusive)), open until"
                + " 2026-12-18T00:00-08:00");
        assertThat(windows.open(Instant.parse("2026-12-14T17:30:00Z"))).hasSize(2);
        assertThat(windows.check(Instant.parse("2026-12-08T17:30:00Z"))).isEmpty(); // Tuesday
    }

    @Test
    void crossingWindowDescriptionSaysNextDay() {
        assertThat(DenyWindow.of(weekly(List.of(FRIDAY), "22:00", "02:00", UTC)).description())
                .isEqualTo("every Fri 22:00-02:00 (next day) UTC");
        assertThat(DenyWindow.of(weekly(List.of(SUNDAY), "00:00", "24:00", UTC)).description())
                .isEqualTo("every Sun 00:00-24:00 UTC");
    }

    @Test
    void clearRefusesInsideAWindowNamingItAndTheOverride() {
        DenyWindows windows = DenyWindows.of(promotionWith(range("2026-12-10T00:00", "2026-12-18T00:00", LA)),
                Clock.fixed(Instant.parse("2026-12-12T20:00:00Z"), ZoneOffset.UTC));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> windows.clear(null, "alice"));
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("prod is frozen now (2026-12-12T20:00:00Z)", "'finals week'",
                "promotion.denyWindows[0]", "open until 2026-12-18T00:00-08:00", "Nothing was changed",
                "overrideDenyWindow: 'reason'");
        HubDeployException blank = catchThrowableOfType(HubDeployException.class, () -> windows.clear("  ", "alice"));
        assertThat(blank).isNotNull();
        assertThat(blank.exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void overrideInsideAWindowIsAllowedAndAudited() throws Exception {
        Instant now = Instant.parse("2026-12-14T17:30:00Z");
        DenyWindows windows = DenyWindows.of(promotionWith(range("2026-12-10T00:00", "2026-12-18T00:00", LA),
                weekly(List.of(MONDAY), "09:00", "12:00", LA)), Clock.fixed(now, ZoneOffset.UTC));

        DenyWindowOverride audit = windows.clear(" security fix CVE-2026-1 ", "alice").orElseThrow();

        assertThat(audit.overrideReason()).isEqualTo("security fix CVE-2026-1");
        assertThat(audit.user()).isEqualTo("alice");
        assertThat(audit.at()).isEqualTo(now);
        assertThat(audit.windowReasons()).containsExactly("finals week", "lab hours");
        Map<String, Object> map = audit.toMap();
        assertThat(map).containsEntry("overrideReason", "security fix CVE-2026-1").containsEntry("user", "alice")
                .containsEntry("at", "2026-12-14T17:30:00Z").containsKey("windows");
        assertThat(audit.logLine()).contains("alice", "finals week", "security fix CVE-2026-1");
        assertThat(windows.clear("again", null).orElseThrow().user()).isEqualTo("unknown");
    }

    @Test
    void outsideEveryWindowNothingIsRefusedOrRecorded() throws Exception {
        DenyWindows windows = DenyWindows.of(promotionWith(range("2026-12-10T00:00", "2026-12-18T00:00", LA)),
                Clock.fixed(Instant.parse("2026-12-18T08:00:00Z"), ZoneOffset.UTC));

        assertThat(windows.clear(null, "alice")).isEmpty();
        assertThat(windows.clear("not needed", "alice")).isEmpty();
        assertThat(DenyWindows.of(PromotionSpec.defaults()).clear(null, null)).isEmpty();
    }

    private static PromotionSpec promotionWith(DenyWindowSpec... windows) {
        PromotionSpec d = PromotionSpec.defaults();
        return new PromotionSpec(d.sourceBranch(), d.targetBranch(), d.maxEvidenceAge(), List.of(windows), d.lock(),
                d.rollbackFirstInstall(), d.github());
    }
}
