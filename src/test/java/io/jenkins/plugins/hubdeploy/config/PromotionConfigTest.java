package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.config.PromotionSpec.DateRange;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec.Weekly;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static io.jenkins.plugins.hubdeploy.config.TestRepo.CONFIG;
import static io.jenkins.plugins.hubdeploy.config.TestRepo.VALID;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code promotion:} section: defaults, the full form, and every invalid input one by one (exit 2). */
class PromotionConfigTest {
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    /** VALID has 13 lines: "promotion:" is line 14, its first key line 15. */
    private static final String FULL = VALID + """
            promotion:
              sourceBranch: staging
              targetBranch: prod
              maxEvidenceAge: 7d
              denyWindows:
                - {from: "2026-12-10T00:00", to: "2026-12-18T00:00", timeZone: America/Los_Angeles, reason: finals week}
                - {days: [MON, WED], start: "09:00", end: "12:00", timeZone: America/Los_Angeles, reason: lab hours}
              lock: {wait: 10m, ttl: 30m}
              rollbackFirstInstall: false
              github: {apiUrl: https://api.github.com, autoMerge: false}
            """;

    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = new TestRepo(dir);
    }

    private String promotion(String body) {
        return VALID + "promotion:\n" + body.indent(2);
    }

    @Test
    void absentSectionGivesTheDefaults() throws Exception {
        PromotionSpec p = repo.config(VALID).load().promotion();

        assertThat(p).isEqualTo(PromotionSpec.defaults());
        assertThat(p.sourceBranch()).isEqualTo("staging");
        assertThat(p.targetBranch()).isEqualTo("prod");
        assertThat(p.maxEvidenceAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.denyWindows()).isEmpty();
        assertThat(p.lock()).isEqualTo(new PromotionSpec.LockSpec(Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(p.rollbackFirstInstall()).isFalse();
        assertThat(p.github()).isEqualTo(new PromotionSpec.GitHubSpec("https://api.github.com", false));
    }

    @Test
    void emptySectionGivesTheDefaults() throws Exception {
        assertThat(repo.config(VALID + "promotion: null\n").load().promotion()).isEqualTo(PromotionSpec.defaults());
        assertThat(repo.config(VALID + "promotion: {}\n").load().promotion()).isEqualTo(PromotionSpec.defaults());
    }

    @Test
    void hubployLayoutHasTheDefaults() throws Exception {
        repo.write("deployments/hub1/hubploy.yaml", "images:\n  image_name: registry.example.org/hub1/user-image\n");

        DeploymentConfig config = ConfigLoader.load(dir, "hub1");

        assertThat(config.configFile()).endsWith("hubploy.yaml");
        assertThat(config.promotion()).isEqualTo(PromotionSpec.defaults());
    }

    @Test
    void fullSectionLoads() throws Exception {
        PromotionSpec p = repo.config(FULL).load().promotion();

        assertThat(p.maxEvidenceAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.denyWindows()).containsExactly(
                new DateRange(LocalDateTime.of(2026, 12, 10, 0, 0), LocalDateTime.of(2026, 12, 18, 0, 0), LA,
                        "finals week", "promotion.denyWindows[0]"),
                new Weekly(List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), LocalTime.of(9, 0), LocalTime.of(12, 0),
                        false, LA, "lab hours", "promotion.denyWindows[1]"));
        assertThat(p.lock().maxWait()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.lock().ttl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void otherValuesAreRead() throws Exception {
        PromotionSpec p = repo.config(promotion("""
                sourceBranch: main
                targetBranch: release/prod
                maxEvidenceAge: 1d12h
                denyWindows:
                  - {from: 2026-12-10, to: 2026-12-18, timeZone: UTC, reason: exams}
                  - days: [fri, Saturday]
                    start: "22:00"
                    end: "02:00"
                    timeZone: Europe/Berlin
                    reason: maintenance
                  - {days: [SUN], start: "00:00", end: "24:00", timeZone: UTC, reason: rest}
                lock: {wait: 0s, ttl: 1h}
                rollbackFirstInstall: true
                github: {apiUrl: "https://ghe.example.org/api/v3/", autoMerge: true}
                """)).load().promotion();

        assertThat(p.sourceBranch()).isEqualTo("main");
        assertThat(p.targetBranch()).isEqualTo("release/prod");
        assertThat(p.maxEvidenceAge()).isEqualTo(Duration.ofHours(36));
        assertThat(p.denyWindows().get(0)).isEqualTo(new DateRange(LocalDateTime.of(2026, 12, 10, 0, 0),
                LocalDateTime.of(2026, 12, 18, 0, 0), ZoneId.of("UTC"), "exams", "promotion.denyWindows[0]"));
        Weekly overnight = (Weekly) p.denyWindows().get(1);
        assertThat(overnight.days()).containsExactly(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        assertThat(overnight.crossesMidnight()).isTrue();
        Weekly wholeDay = (Weekly) p.denyWindows().get(2);
        assertThat(wholeDay.endOfDay()).isTrue();
        assertThat(wholeDay.crossesMidnight()).isTrue();
        assertThat(p.lock()).isEqualTo(new PromotionSpec.LockSpec(Duration.ZERO, Duration.ofHours(1)));
        assertThat(p.rollbackFirstInstall()).isTrue();
        assertThat(p.github()).isEqualTo(new PromotionSpec.GitHubSpec("https://ghe.example.org/api/v3", true));
    }

    @Test
    void theConfigurationStaysSerializable() throws Exception {
        DeploymentConfig config = repo.config(FULL).load();
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(config); // crosses FilePath.act in Jenkins
        }
    }

    @Test
    void promotionIsListedAmongTheTopLevelKeys() throws Exception {
        repo.config(VALID + "promotoin: {}\n");
        repo.failsWith(CONFIG + ", line 14, promotoin: unknown key 'promotoin' (did you mean 'promotion'?)",
                "environments, smoke, promotion");
    }

    @Test
    void unknownKeySuggestsTheNearest() throws Exception {
        repo.config(promotion("targetBrnach: prod\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.targetBrnach: unknown key 'targetBrnach' (did you mean"
                + " 'targetBranch'?)", "Allowed here: sourceBranch, targetBranch, maxEvidenceAge, denyWindows, lock,"
                + " rollbackFirstInstall, github");
    }

    @Test
    void sectionMustBeAMapping() throws Exception {
        repo.config(VALID + "promotion: prod\n");
        repo.failsWith(CONFIG + ", line 14, promotion: expected a mapping (key: value lines), found the string 'prod'");
    }

    @Test
    void branchMustBeABranchName() throws Exception {
        repo.config(promotion("targetBranch: \"prod..x\"\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.targetBranch: 'prod..x' is not a git branch name",
                "e.g. prod");
        repo.config(promotion("sourceBranch: refs/heads/staging\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.sourceBranch: 'refs/heads/staging' is not a git branch name");
        repo.config(promotion("sourceBranch: \"my branch\"\n"));
        repo.failsWith("promotion.sourceBranch: 'my branch' is not a git branch name");
    }

    @Test
    void branchMustBeAString() throws Exception {
        repo.config(promotion("targetBranch: 2026\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.targetBranch: expected a string, found the number 2026",
                "Quote it");
    }

    @Test
    void sourceAndTargetMustDiffer() throws Exception {
        repo.config(promotion("sourceBranch: prod\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.targetBranch: targetBranch and sourceBranch are both 'prod'");
    }

    @Test
    void maxEvidenceAgeMustBeADuration() throws Exception {
        repo.config(promotion("maxEvidenceAge: 7 days\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.maxEvidenceAge: '7 days' is not a duration",
                "d (days), h, m or s, e.g. 7d or 1h30m");
        repo.config(promotion("maxEvidenceAge: 30m2h\n"));
        repo.failsWith("promotion.maxEvidenceAge: '30m2h' is not a duration");
    }

    @Test
    void maxEvidenceAgeRange() throws Exception {
        repo.config(promotion("maxEvidenceAge: 400d\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.maxEvidenceAge: maxEvidenceAge 400d is out of range",
                "Expected between 1m and 365d");
        repo.config(promotion("maxEvidenceAge: 0\n"));
        repo.failsWith("promotion.maxEvidenceAge: expected a string, found the number 0");
        repo.config(promotion("maxEvidenceAge: 10s\n"));
        repo.failsWith("promotion.maxEvidenceAge: maxEvidenceAge 10s is out of range");
    }

    @Test
    void denyWindowsMustBeAList() throws Exception {
        repo.config(promotion("denyWindows: {from: x}\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.denyWindows: expected a list, found a mapping");
    }

    @Test
    void windowUnknownKeySuggestsTheNearest() throws Exception {
        repo.config(promotion("""
                denyWindows:
                  - from: "2026-12-10T00:00"
                    to: "2026-12-18T00:00"
                    timeZone: UTC
                    resaon: exams
                """));
        repo.failsWith(CONFIG + ", line 19, promotion.denyWindows[0].resaon: unknown key 'resaon' (did you mean"
                + " 'reason'?)", "Allowed here: from, to, timeZone, reason");
    }

    @Test
    void windowIsEitherDatedOrWeekly() throws Exception {
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-11T00:00\", days: [MON],"
                + " timeZone: UTC, reason: x}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].days: a window is either a date range (from, to)"
                + " or weekly (days, start, end), not both");
        repo.config(promotion("denyWindows:\n  - {timeZone: UTC, reason: x}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0]: the window has neither from/to nor"
                + " days/start/end", "Write {from:");
    }

    @Test
    void windowNeedsAReason() throws Exception {
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-11T00:00\","
                + " timeZone: UTC}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].reason: required field 'reason' is missing in"
                + " 'promotion.denyWindows[0]'", "Expected why prod is frozen");
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-11T00:00\","
                + " timeZone: UTC, reason: \"  \"}\n"));
        repo.failsWith("promotion.denyWindows[0].reason: reason is empty");
    }

    @Test
    void windowNeedsAValidTimeZone() throws Exception {
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-11T00:00\","
                + " reason: x}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].timeZone: required field 'timeZone' is missing");
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-11T00:00\","
                + " timeZone: America/Los_Angles, reason: x}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].timeZone: 'America/Los_Angles' is not a time zone"
                + " (did you mean 'America/Los_Angeles'?)");
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-11T00:00\","
                + " timeZone: PST, reason: x}\n"));
        repo.failsWith("promotion.denyWindows[0].timeZone: 'PST' is not a time zone", "not a fixed offset like PST");
    }

    @Test
    void dateRangeDatesMustBeLocalDateTimes() throws Exception {
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10 00:00\", to: \"2026-12-11T00:00\","
                + " timeZone: UTC, reason: x}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].from: '2026-12-10 00:00' is not a local date"
                + " and time", "YYYY-MM-DDTHH:MM");
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00Z\", to: \"2026-12-11T00:00\","
                + " timeZone: UTC, reason: x}\n"));
        repo.failsWith("promotion.denyWindows[0].from: '2026-12-10T00:00Z' is not a local date and time",
                "no offset or Z");
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", timeZone: UTC, reason: x}\n"));
        repo.failsWith("promotion.denyWindows[0].to: required field 'to' is missing");
    }

    @Test
    void dateRangeMustEndAfterItStarts() throws Exception {
        repo.config(promotion("denyWindows:\n  - {from: \"2026-12-10T00:00\", to: \"2026-12-10T00:00\","
                + " timeZone: UTC, reason: x}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].to: the window ends (2026-12-10T00:00) before or"
                + " when it starts (2026-12-10T00:00)", "exclusive");
    }

    @Test
    void weeklyDaysMustBeDays() throws Exception {
        repo.config(promotion("denyWindows:\n  - days: [MON, MONN]\n    start: \"09:00\"\n    end: \"12:00\"\n"
                + "    timeZone: UTC\n    reason: labs\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].days[1]: 'MONN' is not a day of the week (did you"
                + " mean 'MON'?)", "Expected MON, TUE");
        repo.config(promotion("denyWindows:\n  - {days: [MON, mon], start: \"09:00\", end: \"12:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].days[1]: MONDAY is listed twice");
        repo.config(promotion("denyWindows:\n  - {days: [], start: \"09:00\", end: \"12:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].days: days is empty");
        repo.config(promotion("denyWindows:\n  - {start: \"09:00\", end: \"12:00\", timeZone: UTC, reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].days: required field 'days' is missing");
    }

    @Test
    void weeklyTimesMustBeTimes() throws Exception {
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: 9am, end: \"12:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith(CONFIG + ", line 16, promotion.denyWindows[0].start: '9am' is not a time of day",
                "HH:MM on a 24-hour clock");
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: \"24:00\", end: \"12:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].start: '24:00' is not a time of day");
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: \"09:00\", end: \"25:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].end: '25:00' is not a time of day", "\"24:00\" for midnight");
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: \"09:00\", end: \"09:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].end: start and end are both 09:00: the window would be empty");
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: \"09:00\", timeZone: UTC, reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].end: required field 'end' is missing");
    }

    @Test
    void weeklyWindowUnknownKey() throws Exception {
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: \"09:00\", end: \"12:00\", timeZone: UTC,"
                + " reason: labs, to: \"x\"}\n"));
        repo.failsWith("promotion.denyWindows[0].days: a window is either a date range");
        repo.config(promotion("denyWindows:\n  - {days: [MON], start: \"09:00\", ends: \"12:00\", timeZone: UTC,"
                + " reason: labs}\n"));
        repo.failsWith("promotion.denyWindows[0].ends: unknown key 'ends' (did you mean 'end'?)",
                "Allowed here: days, start, end, timeZone, reason");
    }

    @Test
    void lockIsValidated() throws Exception {
        repo.config(promotion("lock: {wiat: 5m}\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.lock.wiat: unknown key 'wiat' (did you mean 'wait'?)");
        repo.config(promotion("lock: {ttl: 30s}\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.lock.ttl: ttl 30s is out of range", "between 1m and 1d");
        repo.config(promotion("lock: {wait: 7h}\n"));
        repo.failsWith("promotion.lock.wait: wait 7h is out of range", "between 0s and 6h");
        repo.config(promotion("lock: {wait: soon}\n"));
        repo.failsWith("promotion.lock.wait: 'soon' is not a duration", "e.g. 10m");
        repo.config(promotion("lock: 10m\n"));
        repo.failsWith("promotion.lock: expected a mapping");
    }

    @Test
    void rollbackFirstInstallIsABoolean() throws Exception {
        repo.config(promotion("rollbackFirstInstall: \"yes\"\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.rollbackFirstInstall: expected true or false, found the string"
                + " 'yes'", "(without quotes)");
    }

    @Test
    void githubIsValidated() throws Exception {
        repo.config(promotion("github: {apiUrl: \"api.github.com\"}\n"));
        repo.failsWith(CONFIG + ", line 15, promotion.github.apiUrl: 'api.github.com' is not a GitHub API URL",
                "https://HOST/api/v3");
        repo.config(promotion("github: {apiUrl: \"https://user:secret@ghe.example.org/api/v3\"}\n"));
        repo.failsWith("promotion.github.apiUrl", "no credentials");
        repo.config(promotion("github: {autoMerge: 1}\n"));
        repo.failsWith("promotion.github.autoMerge: expected true or false, found the number 1");
        repo.config(promotion("github: {token: abc}\n"));
        repo.failsWith("promotion.github.token: unknown key 'token'", "Allowed here: apiUrl, autoMerge");
    }

    @Test
    void durationsParse() {
        assertThat(PromotionYamlReader.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(PromotionYamlReader.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PromotionYamlReader.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PromotionYamlReader.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThat(PromotionYamlReader.parseDuration("1d1d")).isNull();
        assertThat(PromotionYamlReader.parseDuration("m")).isNull();
        assertThat(PromotionYamlReader.parseDuration("")).isNull();
        assertThat(PromotionYamlReader.parseDuration("5")).isNull();
        assertThat(PromotionYamlReader.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }
}
