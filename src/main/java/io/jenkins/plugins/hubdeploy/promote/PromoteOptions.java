package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.HubUrl;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.time.Duration;

/**
 * Options of one promotion run; null means "not given": the {@code promotion:} configuration, then the defaults
 * apply.
 *
 * @param stagingEnv          the environment whose evidence is recorded and checked (default staging)
 * @param prodEnv             the environment a deploy promotes to (default prod)
 * @param remote              the git remote evidence and branches are pushed to (default origin)
 * @param sourceBranch        the branch prod takes changes from (default staging)
 * @param targetBranch        the prod branch (default prod)
 * @param maxEvidenceAge      how old evidence may be (default 7 days)
 * @param smokeReport         the smoke run's JSON report, repository-relative (record mode)
 * @param stagingKubeconfig   a kubeconfig that can read staging: the live release is compared to the evidence
 * @param githubApiUrl        GitHub's REST API base URL (GitHub Enterprise: https://HOST/api/v3)
 * @param pullRequest         the pull request number (check mode; default CHANGE_ID)
 * @param allowFork           run although CHANGE_FORK says the pull request comes from a fork
 * @param allowOtherBranch    run on a branch that is not the one the mode belongs to
 * @param overrideDenyWindow  the reason to deploy prod inside a deny window (deploy mode)
 * @param hubUrl              the prod hub's URL for deploy mode's smoke test (and its re-test after a rollback),
 *                            instead of {@code environments.<prod>.hubUrl}; a hubploy.yaml sets none (deploy mode)
 */
public record PromoteOptions(PromoteMode mode, String stagingEnv, String prodEnv, String remote, String sourceBranch,
                             String targetBranch, Duration maxEvidenceAge, String smokeReport,
                             String stagingKubeconfig, String githubApiUrl, Boolean autoMerge, Integer pullRequest,
                             boolean allowFork, boolean allowOtherBranch, String overrideDenyWindow,
                             RegistryCredentials registryCredentials, String hubUrl) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_STAGING = "staging";
    public static final String DEFAULT_PROD = "prod";
    public static final String DEFAULT_REMOTE = "origin";
    public static final String DEFAULT_SMOKE_REPORT = "hubdeploy-smoke.json";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public PromoteOptions {
        stagingEnv = stagingEnv == null ? DEFAULT_STAGING : stagingEnv;
        prodEnv = prodEnv == null ? DEFAULT_PROD : prodEnv;
        remote = remote == null ? DEFAULT_REMOTE : remote;
        smokeReport = smokeReport == null ? DEFAULT_SMOKE_REPORT : smokeReport;
        hubUrl = hubUrl == null || hubUrl.isBlank() ? null : hubUrl.strip();
    }

    /** Without a prod hub URL: deploy mode smoke-tests {@code environments.<prod>.hubUrl}. */
    public PromoteOptions(PromoteMode mode, String stagingEnv, String prodEnv, String remote, String sourceBranch,
                          String targetBranch, Duration maxEvidenceAge, String smokeReport, String stagingKubeconfig,
                          String githubApiUrl, Boolean autoMerge, Integer pullRequest, boolean allowFork,
                          boolean allowOtherBranch, String overrideDenyWindow,
                          RegistryCredentials registryCredentials) {
        this(mode, stagingEnv, prodEnv, remote, sourceBranch, targetBranch, maxEvidenceAge, smokeReport,
                stagingKubeconfig, githubApiUrl, autoMerge, pullRequest, allowFork, allowOtherBranch,
                overrideDenyWindow, registryCredentials, null);
    }

    /**
     * Exit 2 for an option the mode does not use, or a hub URL that cannot be one: checked before anything runs.
     *
     * @param hubUrlName how the caller spells the hub URL option ({@code hubUrl}, {@code --hub-url})
     */
    public void checkModeOptions(String hubUrlName) throws HubDeployException {
        if (hubUrl == null) {
            return;
        }
        if (mode != PromoteMode.DEPLOY) {
            throw HubDeployException.usage(hubUrlName + " is for mode deploy (the prod hub its smoke test goes to);"
                    + " mode " + mode.id() + " smoke-tests no hub: remove " + hubUrlName + " or use mode deploy");
        }
        HubUrl.check(hubUrl);
    }

    /** Only the mode given: everything else from the configuration and the defaults. */
    public static PromoteOptions of(PromoteMode mode) {
        return new PromoteOptions(mode, null, null, null, null, null, null, null, null, null, null, null, false,
                false, null, null);
    }
}
