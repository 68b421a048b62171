package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * How a deployment is promoted from staging to prod: the {@code promotion:} section of hubdeploy.yaml
 * (docs/configuration.md). Every deployment has one: without the section (and in hubploy's layout) it is
 * {@link #defaults()}.
 *
 * @param sourceBranch         the branch whose tested state is promoted ({@code staging})
 * @param targetBranch         the branch that deploys prod ({@code prod})
 * @param maxEvidenceAge       staging evidence older than this is refused (7 days)
 * @param denyWindows          times when prod must not change, in the order written
 * @param lock                 the one-promotion-at-a-time lock
 * @param rollbackFirstInstall whether a first prod install whose smoke test fails is uninstalled
 * @param github               the GitHub API used for pull requests and statuses
 */
public record PromotionSpec(String sourceBranch, String targetBranch, Duration maxEvidenceAge,
                            List<DenyWindowSpec> denyWindows, LockSpec lock, boolean rollbackFirstInstall,
                            GitHubSpec github) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_SOURCE_BRANCH = "staging";
    public static final String DEFAULT_TARGET_BRANCH = "prod";
    public static final Duration DEFAULT_MAX_EVIDENCE_AGE = Duration.ofDays(7);
    public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";

    public PromotionSpec {
        Objects.requireNonNull(sourceBranch, "sourceBranch");
        Objects.requireNonNull(targetBranch, "targetBranch");
        Objects.requireNonNull(maxEvidenceAge, "maxEvidenceAge");
        denyWindows = List.copyOf(denyWindows);
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(github, "github");
    }

    public static PromotionSpec defaults() {
        return new PromotionSpec(DEFAULT_SOURCE_BRANCH, DEFAULT_TARGET_BRANCH, DEFAULT_MAX_EVIDENCE_AGE, List.of(),
                LockSpec.defaults(), false, GitHubSpec.defaults());
    }

    /** A time when prod must not change; {@code field} is where it was written (e.g. promotion.denyWindows[1]). */
    public sealed interface DenyWindowSpec extends Serializable permits DateRange, Weekly {
        ZoneId timeZone();

        /** Why prod is frozen then (e.g. "finals week"); never blank. */
        String reason();

        String field();
    }

    /**
     * From {@code from} (inclusive) to {@code to} (exclusive), wall-clock times in {@code timeZone}.
     */
    public record DateRange(LocalDateTime from, LocalDateTime to, ZoneId timeZone, String reason, String field)
            implements DenyWindowSpec {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Every week on {@code days}, from {@code start} (inclusive) to {@code end} (exclusive) in {@code timeZone}.
     * When {@code end} is not after {@code start} the window crosses midnight and ends the next day;
     * {@code endOfDay} means {@code end: "24:00"} (the next midnight).
     */
    public record Weekly(List<DayOfWeek> days, LocalTime start, LocalTime end, boolean endOfDay, ZoneId timeZone,
                         String reason, String field) implements DenyWindowSpec {
        private static final long serialVersionUID = 1L;

        public Weekly {
            days = List.copyOf(days);
        }

        /** Whether the window ends on the day after the one it starts. */
        public boolean crossesMidnight() {
            return endOfDay || !end.isAfter(start);
        }
    }

    /**
     * @param maxWait how long a second promotion waits for the lock before it fails (zero: fail at once)
     * @param ttl     how long a lock lives without renewal: a crashed holder's lock is free after this
     */
    public record LockSpec(Duration maxWait, Duration ttl) implements Serializable {
        private static final long serialVersionUID = 1L;

        public static LockSpec defaults() {
            return new LockSpec(Duration.ofMinutes(10), Duration.ofMinutes(30));
        }
    }

    /**
     * @param apiUrl    REST API base URL without a trailing '/' (GitHub Enterprise: {@code https://HOST/api/v3})
     * @param autoMerge whether the promotion pull request is set to merge itself once its checks pass
     */
    public record GitHubSpec(String apiUrl, boolean autoMerge) implements Serializable {
        private static final long serialVersionUID = 1L;

        public static GitHubSpec defaults() {
            return new GitHubSpec(DEFAULT_GITHUB_API_URL, false);
        }
    }
}
