package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** What every mode of one promotion run shares: configuration, settings, git, the evidence store, GitHub. */
final class PromoteContext {
    final DeploymentConfig config;
    final PromoteOptions options;
    final PromotionSettings settings;
    final ProcessRunner runner;
    final Agent agent;
    final SerializableBuildLog log;
    final Map<String, String> env;
    final Clock clock;
    final SecretMasker masker;
    final GitCli git;
    final EvidenceStore store;
    final EvidenceVerifier verifier;
    /** The run's private scratch directory on the agent (deleted when the run ends). */
    final String scratch;
    private final String githubToken;
    private GitHubAccess github;
    private boolean githubResolved;

    PromoteContext(DeploymentConfig config, PromoteOptions options, PromotionSettings settings, ProcessRunner runner,
                   Agent agent, SerializableBuildLog log, Map<String, String> env, Clock clock, SecretMasker masker, GitCli git,
                   EvidenceStore store, EvidenceVerifier verifier, String scratch, String githubToken) {
        this.config = config;
        this.options = options;
        this.settings = settings;
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = env;
        this.clock = clock;
        this.masker = masker;
        this.git = git;
        this.store = store;
        this.verifier = verifier;
        this.scratch = scratch;
        this.githubToken = githubToken;
    }

    String stagingEnv() {
        return options.stagingEnv();
    }

    String buildUrl() {
        String url = env.get("BUILD_URL");
        return url == null || url.isBlank() ? null : url;
    }

    /** Fetches the notes and verifies the staging evidence for exactly {@code tree}; exit 1 on the first failed check. */
    Verification verifyTree(String tree) throws IOException, InterruptedException, HubDeployException {
        store.fetch();
        return verifier.verify(store.forTree(tree, config.deployment(), stagingEnv()), tree, config, stagingEnv(),
                settings.maxEvidenceAge());
    }

    /**
     * GitHub, when a token was given and the repository is on GitHub: the remote (else GIT_URL, else CHANGE_URL) is on
     * github.com, or a GitHub API URL is configured (GitHub Enterprise). A token for another git server (the git
     * credential's password) means no GitHub: statuses are skipped, with a line in the log.
     */
    GitHubAccess github() throws IOException, InterruptedException, HubDeployException {
        if (!githubResolved) {
            githubResolved = true;
            if (githubToken != null && !githubToken.isBlank()) {
                GitHubRepo repo;
                try {
                    repo = repository();
                } catch (HubDeployException e) {
                    log.info("not on GitHub (" + e.getMessage() + "): no GitHub statuses or pull requests");
                    return null;
                }
                if (settings.githubApiUrl() == null && !repo.webHost().equalsIgnoreCase("github.com")) {
                    log.info("the repository is on " + repo.webHost() + ", not github.com, and no GitHub API URL is"
                            + " configured (promotion.github.apiUrl for GitHub Enterprise): no GitHub statuses or"
                            + " pull requests");
                    return null;
                }
                github = new GitHubAccess(repo, githubToken, GitHubAccess.DEFAULT_TIMEOUT);
            }
        }
        return github;
    }

    GitHubAccess requireGitHub(PromoteMode mode) throws IOException, InterruptedException, HubDeployException {
        GitHubAccess access = github();
        if (access == null) {
            throw HubDeployException.usage("mode " + mode.id() + " needs GitHub: a repository on github.com (remote URL,"
                    + " GIT_URL or CHANGE_URL) or a configured API URL (promotion.github.apiUrl / githubApiUrl for GitHub"
                    + " Enterprise), and a token: gitCredentialsId (a 'Username with password' credential whose"
                    + " password is a GitHub token or App installation token; CLI: --github-token-env VAR). Without"
                    + " GitHub use mode merge");
        }
        return access;
    }

    /** Sets a commit status when GitHub is in use; returns the state set, or null without GitHub. */
    String status(String sha, boolean success, String context, String description)
            throws IOException, InterruptedException, HubDeployException {
        GitHubAccess access = github();
        if (access == null) {
            log.info("no GitHub token: commit status " + context + " not set");
            return null;
        }
        String state = agent.run(new GitHubTask.SetStatus(access, sha, success ? "success" : "failure", context,
                description, buildUrl()));
        log.info("GitHub commit status " + context + " = " + state + " on " + sha);
        return state;
    }

    /** The remote's URL when it names a GitHub repository, else GIT_URL, else CHANGE_URL (a mirror remote is fine). */
    private GitHubRepo repository() throws IOException, InterruptedException, HubDeployException {
        ProcessResult remote = git.run(List.of("remote", "get-url", options.remote()));
        HubDeployException unusable = null;
        if (remote.ok() && !remote.stdout().isBlank()) {
            try {
                return GitHubRepo.parse(remote.stdout().strip(), settings.githubApiUrl(), "the URL of remote '"
                        + options.remote() + "'");
            } catch (HubDeployException e) {
                unusable = e;
            }
        }
        for (String variable : List.of("GIT_URL", "CHANGE_URL")) {
            String url = env.get(variable);
            if (url != null && !url.isBlank()) {
                return GitHubRepo.parse(url, settings.githubApiUrl(), variable);
            }
        }
        if (unusable != null) {
            throw unusable;
        }
        throw HubDeployException.usage("cannot tell which GitHub repository this is: remote '" + options.remote()
                + "' does not exist and neither GIT_URL nor CHANGE_URL is set");
    }
}
