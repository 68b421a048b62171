package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;

import java.io.Serializable;
import java.time.Duration;

/**
 * Options of one {@code deploy} / {@code helmDeployStaging} run.
 *
 * @param environment the environment to deploy (staging for the step; prod for promoteToProd)
 * @param dryRun      preflight only: render with {@code helm template} and diff the values, change nothing
 * @param atomic      {@code --atomic}: helm rolls the release back itself when the upgrade fails
 * @param timeout     helm's {@code --timeout} and, separately, the rollout wait's (default 30 min, not helm's 5)
 * @param historyMax  {@code --history-max}, or null for helm's default (10)
 * @param stuckPolicy what to do with a release stuck in pending-*
 */
public record DeployOptions(String environment, boolean dryRun, boolean atomic, Duration timeout, Integer historyMax,
                            StuckPolicy stuckPolicy) implements Serializable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final String DEFAULT_ENVIRONMENT = "staging";

    public static DeployOptions defaults(String environment) {
        return new DeployOptions(environment, false, false, DEFAULT_TIMEOUT, null, StuckPolicy.FAIL);
    }
}
