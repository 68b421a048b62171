package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;

import java.time.Duration;

/**
 * The settings a promotion runs with: what the step/CLI passed, else the deployment's {@code promotion:}
 * configuration, else the defaults (staging -> prod, 7 days, api.github.com derived from the remote, no auto-merge).
 */
public record PromotionSettings(String sourceBranch, String targetBranch, Duration maxEvidenceAge, String githubApiUrl,
                                boolean autoMerge) {
    public static final String DEFAULT_SOURCE = "staging";
    public static final String DEFAULT_TARGET = "prod";

    public static PromotionSettings resolve(PromoteOptions options, DeploymentConfig config) {
        return new PromotionSettings(
                or(options.sourceBranch(), DEFAULT_SOURCE),
                or(options.targetBranch(), DEFAULT_TARGET),
                or(options.maxEvidenceAge(), PromoteOptions.DEFAULT_MAX_AGE),
                options.githubApiUrl(),
                or(options.autoMerge(), false));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
