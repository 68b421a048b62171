package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;

import java.io.Serializable;
import java.time.Duration;

/**
 * Options of one {@code deploy} / {@code helmDeployStaging} run.
 *
 * @param environment the environment to deploy (staging for the step; prod for promoteToProd)
 * @param dryRun      preflight only: render with {@code helm template} and diff the values, change nothing; secrets
 *                    files are left out (a pull request must not see the environment's secrets)
 * @param atomic      {@code --atomic}: helm rolls the release back itself when the upgrade fails
 * @param timeout     helm's {@code --timeout} and, separately, the rollout wait's (default 30 min, not helm's 5)
 * @param historyMax  {@code --history-max}, or null for helm's default (10)
 * @param stuckPolicy what to do with a release stuck in pending-*
 * @param registryCredentials the login every image lookup of the deploy uses, or null for the builder's auth file
 *                    (its toString never shows the password)
 */
public record DeployOptions(String environment, boolean dryRun, boolean atomic, Duration timeout, Integer historyMax,
                            StuckPolicy stuckPolicy, RegistryCredentials registryCredentials) implements Serializable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final String DEFAULT_ENVIRONMENT = "staging";

    /** Without registry credentials: the images are looked up with the builder's auth file, if any. */
    public DeployOptions(String environment, boolean dryRun, boolean atomic, Duration timeout, Integer historyMax,
                         StuckPolicy stuckPolicy) {
        this(environment, dryRun, atomic, timeout, historyMax, stuckPolicy, null);
    }

    public static DeployOptions defaults(String environment) {
        return new DeployOptions(environment, false, false, DEFAULT_TIMEOUT, null, StuckPolicy.FAIL);
    }

    public DeployOptions withRegistryCredentials(RegistryCredentials credentials) {
        return new DeployOptions(environment, dryRun, atomic, timeout, historyMax, stuckPolicy, credentials);
    }
}
