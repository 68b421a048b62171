package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec;

import java.time.Duration;

/**
 * The settings a promotion runs with: what the step/CLI passed, else the deployment's {@code promotion:}
 * configuration, whose defaults are staging -> prod, 7 days, no auto-merge; the API URL is derived from the remote
 * (api.github.com, or https://HOST/api/v3 for GitHub Enterprise) unless configured.
 */
public record PromotionSettings(String sourceBranch, String targetBranch, Duration maxEvidenceAge, String githubApiUrl,
                                boolean autoMerge) {
    public static PromotionSettings resolve(PromoteOptions options, DeploymentConfig config) {
        PromotionSpec spec = config.promotion();
        String configuredApi = spec.github().apiUrl();
        return new PromotionSettings(
                or(options.sourceBranch(), spec.sourceBranch()),
                or(options.targetBranch(), spec.targetBranch()),
                or(options.maxEvidenceAge(), spec.maxEvidenceAge()),
                // the default api.github.com is "not configured": a GitHub Enterprise remote derives its own
                or(options.githubApiUrl(), PromotionSpec.DEFAULT_GITHUB_API_URL.equals(configuredApi) ? null : configuredApi),
                or(options.autoMerge(), spec.github().autoMerge()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
