package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.LoadConfigTask;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;
import io.jenkins.plugins.hubdeploy.promote.GitAskpass;
import io.jenkins.plugins.hubdeploy.promote.GitCli;
import io.jenkins.plugins.hubdeploy.promote.GitCredentials;
import io.jenkins.plugins.hubdeploy.promote.GitHubTask;
import io.jenkins.plugins.hubdeploy.promote.PinPullRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The image repository's side of DataHub's split, shared by {@code hubdeploy pin} and the {@code pinHubImage} step:
 * moves the pins of one image in the deployment repository ({@link PinUpdate}), commits them on a branch and pushes
 * it ({@link PinBranch}), then opens or updates the pull request from it ({@link PinPullRequest}). The deployment
 * repository is the checkout at the workspace root, or a shallow clone of its base branch in a private scratch
 * directory (the image repository's pipeline). Git credentials, when given, reach git only through a
 * {@code GIT_ASKPASS} program in that scratch directory ({@link GitAskpass}), deleted at the end with the clone;
 * without them the remote's ambient credentials apply (the CLI). Everything that can be refused is checked before
 * anything changes.
 */
public final class PinRun {
    private static final Pattern HTTPS = Pattern.compile("(?i)https://[^/@\\s]+/[^\\s]+");
    /** Plain http only to this machine: the tests' git server; a real remote is https. */
    private static final Pattern LOOPBACK_HTTP =
            Pattern.compile("(?i)http://(?:127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|localhost|\\[::1])(?::\\d+)?/[^\\s@]+");
    private static final Pattern LOCAL = Pattern.compile("(?:file://)?/[^\\s]+");
    private static final Pattern WITH_LOGIN = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://[^/]*@.*");
    static final String CLONE_DIR = "deployment-repository";

    /**
     * What to do.
     *
     * @param branch        the branch to commit on, or null for {@link PinBranch#defaultBranch}
     * @param commit        commit the change on the branch (implied by a remote, a pull request or a repository URL)
     * @param remote        push the branch there, or null to keep it local ("origin" for a pull request or a clone)
     * @param base          the branch the pull request targets, and the one a clone starts from
     * @param githubApiUrl  GitHub's API (GitHub Enterprise), or null for the configuration's, else the remote's host
     * @param repositoryUrl clone the deployment repository from here, or null to work on the checkout
     */
    public record Request(String image, DeploymentSelection selection, String branch, boolean commit, String remote,
                          boolean pullRequest, String base, String githubApiUrl, String repositoryUrl) {
        /** Whether the run commits: asked to, or it pushes (a remote, a pull request, a clone's origin). */
        boolean commits() {
            return commit || remote != null || pullRequest || repositoryUrl != null;
        }
    }

    /**
     * How the caller names its inputs in messages: the CLI's options or the step's parameters.
     *
     * @param credentials what to fix when the remote refuses the credentials
     * @param token       what to give when a pull request is asked for without a GitHub token
     */
    public record Labels(String image, String branch, String base, String repositoryUrl, String credentials,
                         String token) {
        public static final Labels CLI = new Labels("--image", "--branch", "--base", "--repository-url",
                "the git credentials of the remote (or of GIT_ASKPASS)",
                "a GitHub token in the environment variable of --github-token-env");

        public static Labels step(String function) {
            return new Labels(function + ": image", function + ": branch", function + ": base",
                    function + ": repositoryUrl", function + "'s gitCredentialsId",
                    "gitCredentialsId (a 'Username with password' credential whose password is a GitHub App"
                            + " installation token or a token with 'Contents: write' and 'Pull requests: write'),"
                            + " or pullRequest: false");
        }
    }

    /**
     * @param changed     deployment to the repository-relative files changed in it
     * @param unchanged   deployments that pin the image at the new pin already
     * @param branch      the branch committed on, or null when nothing changed (or no commit was asked for)
     * @param pullRequest the pull request opened or updated, or null
     * @param created     whether it was opened (false: an open one was updated), or null without a pull request
     */
    public record Result(String repository, String pin, Map<String, List<String>> changed, List<String> unchanged,
                         String branch, String commit, GitHubTask.Pull pullRequest, Boolean created) {
        /** The result map of the step and the CLI's {@code --json}: plain maps, lists and strings. */
        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("repository", repository);
            out.put("pin", pin);
            Map<String, Object> files = new LinkedHashMap<>();
            changed.forEach((d, f) -> files.put(d, new ArrayList<>(f)));
            out.put("changed", files);
            out.put("unchanged", new ArrayList<>(unchanged));
            out.put("branch", branch);
            out.put("commit", commit);
            out.put("pullRequest", pullRequest == null ? null : new LinkedHashMap<>(pullRequest.toMap()));
            out.put("created", created);
            return out;
        }
    }

    private final ProcessRunner runner;
    private final Agent agent;
    private final BuildLog log;
    private final Map<String, String> env;
    private final Labels labels;

    /** {@code env}: the environment git runs with (GIT_BIN, the committer's identity). */
    public PinRun(ProcessRunner runner, Agent agent, BuildLog log, Map<String, String> env, Labels labels) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
        this.labels = labels;
    }

    /**
     * @param credentials for git (clone and push), or null for the remote's ambient credentials
     * @param githubToken for GitHub's API; required for a pull request
     */
    public Result run(Request request, GitCredentials credentials, String githubToken)
            throws IOException, InterruptedException, HubDeployException {
        SecretMasker masker = new SecretMasker();
        if (credentials != null) {
            masker.add(credentials.password());
            log.addSecret(credentials.password());
        }
        masker.add(githubToken);
        log.addSecret(githubToken);
        String branch = validate(request, githubToken);
        boolean clone = request.repositoryUrl() != null;
        // a clone has exactly one remote, the repository it came from
        String remote = clone ? "origin" : request.remote() != null ? request.remote()
                : request.pullRequest() ? "origin" : null;
        boolean commit = request.commits();
        String scratch = credentials != null || clone ? agent.run(new ScratchDir.Create()) : null;
        try {
            String askpass = credentials == null ? null : agent.run(new GitAskpass(scratch, credentials));
            PinCheckout checkout = PinCheckout.workspace(runner, agent);
            if (clone) {
                checkout = cloneInto(checkout, scratch, request, new GitCli(runner, env, masker, askpass));
            }
            GitCli git = new GitCli(checkout.runner(), env, masker, askpass);
            PinPullRequest pulls = new PinPullRequest(git, checkout.agent(), log);
            if (request.pullRequest()) {
                pulls.repository(remote, request.githubApiUrl());
            }
            PinBranch pinBranch = new PinBranch(git, log);
            if (commit && !clone) {
                pinBranch.requireNew(branch, labels.branch());
            }
            PinUpdate.Result update = checkout.agent().run(new PinUpdate(request.image(), request.selection()));
            update.changed().forEach((d, files) -> log.info("pin: " + d + ": " + String.join(", ", files)));
            if (!commit || update.changed().isEmpty()) {
                if (update.changed().isEmpty() && commit) {
                    log.info("pin: nothing to change, so no branch"
                            + (request.pullRequest() ? " and no pull request" : ""));
                }
                return new Result(update.repository(), update.pin(), update.changed(), update.unchanged(), null, null,
                        null, null);
            }
            String sha = pinBranch.commit(update, branch);
            if (remote != null) {
                String state = clone
                        ? "Nothing was pushed and no pull request was opened; the temporary clone was deleted."
                        : "The commit " + sha.substring(0, 12) + " is on the local branch " + branch + " (checked out);"
                                + " nothing was pushed and no pull request was opened.";
                sha = pinBranch.push(branch, sha, remote, labels.credentials(), state);
            }
            GitHubTask.PullResult pr = null;
            if (request.pullRequest()) {
                pr = pulls.open(update, branch, sha, remote, request.base(), apiUrl(request, update, checkout),
                        githubToken);
            }
            return new Result(update.repository(), update.pin(), update.changed(), update.unchanged(), branch, sha,
                    pr == null ? null : pr.pull(), pr == null ? null : pr.created());
        } finally {
            if (scratch != null) {
                Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
                if (failure != null) {
                    log.warn("could not delete the pin's scratch directory " + scratch + " (" + failure.getMessage()
                            + "); delete it by hand: it may hold the git credentials");
                }
            }
        }
    }

    /**
     * Everything a run could be refused for, before anything is cloned, written or pushed (exit 2); returns the
     * branch a commit goes on (the one given, else hubdeploy/pin-IMAGE-TAG).
     */
    private String validate(Request request, String githubToken) throws HubDeployException {
        String[] parts = PinUpdate.split(request.image(), labels.image());
        String branch = request.branch() != null ? request.branch() : PinBranch.defaultBranch(parts[0], parts[1]);
        if (request.branch() != null && !PinBranch.usableName(branch)) {
            throw HubDeployException.usage(labels.branch() + " '" + branch + "' is not a usable branch name"
                    + " (letters, digits, . _ / -); leave it out for hubdeploy/pin-IMAGE-TAG");
        }
        if (request.commits() && !PinBranch.usableName(branch)) {
            throw HubDeployException.usage("the branch name " + branch + " made from the image is not a usable branch"
                    + " name; give one with " + labels.branch());
        }
        if ((request.pullRequest() || request.repositoryUrl() != null)
                && (request.base() == null || !PinBranch.usableName(request.base()))) {
            throw HubDeployException.usage(labels.base() + " '" + request.base() + "' is not a branch name; give the"
                    + " deployment repository's branch the pull request targets (default " + PinPullRequest.DEFAULT_BASE
                    + ")");
        }
        if (request.repositoryUrl() != null) {
            checkRepositoryUrl(request.repositoryUrl(), labels.repositoryUrl());
        }
        if (request.pullRequest() && (githubToken == null || githubToken.isBlank())) {
            throw HubDeployException.usage("a pull request needs a GitHub token with 'Pull requests: write' on the"
                    + " deployment repository: give " + labels.token());
        }
        return branch;
    }

    /** Exit 2 unless {@code image} is REPO:TAG, REPO@sha256:D or REPO:TAG@sha256:D; {@code label} names it. */
    public static void checkImage(String image, String label) throws HubDeployException {
        PinUpdate.split(image, label);
    }

    /**
     * https (a real remote), a local path or file:// URL, or http to this machine (tests); never a login in the URL
     * (it would reach git's messages and the clone's configuration: give the credentials as credentials).
     */
    public static void checkRepositoryUrl(String url, String label) throws HubDeployException {
        String u = url.strip();
        if (WITH_LOGIN.matcher(u).matches()) {
            throw HubDeployException.usage(label + ": the URL carries a user name or token; give the plain"
                    + " https://HOST/OWNER/REPO.git and the login as gitCredentialsId (the URL is not shown here)");
        }
        if (!HTTPS.matcher(u).matches() && !LOOPBACK_HTTP.matcher(u).matches() && !LOCAL.matcher(u).matches()) {
            throw HubDeployException.usage(label + " '" + u + "' is not a repository URL this can clone: give the"
                    + " deployment repository as https://HOST/OWNER/REPO.git (the login comes from gitCredentialsId),"
                    + " or a local path / file:// URL");
        }
    }

    /** A shallow clone of the base branch into the scratch directory; the checkout the rest of the run works in. */
    private PinCheckout cloneInto(PinCheckout workspace, String scratch, Request request, GitCli git)
            throws IOException, InterruptedException, HubDeployException {
        String url = request.repositoryUrl().strip();
        String target = scratch + "/" + CLONE_DIR;
        ProcessResult cloned = git.remote(List.of("clone", "--quiet", "--depth", "1", "--no-tags", "--single-branch",
                "--branch", request.base(), "--", url, target));
        if (!cloned.ok()) {
            String detail = git.errorText(cloned);
            if (GitCli.authenticationFailed(cloned)) {
                throw HubDeployException.environment("could not clone " + labels.repositoryUrl() + " " + url + ": the"
                        + " remote refused the credentials (" + detail + "). Give " + labels.credentials()
                        + " 'Contents: read and write' on the deployment repository");
            }
            if (detail.contains("not found in upstream") || detail.contains("Remote branch")) {
                throw HubDeployException.usage(labels.base() + " '" + request.base() + "': the deployment repository "
                        + url + " has no such branch (" + detail + "); give the branch its pull requests target");
            }
            throw HubDeployException.environment("could not clone " + labels.repositoryUrl() + " " + url + ": " + detail
                    + ". Check the URL and that the agent can reach it");
        }
        log.info("pin: cloned " + request.base() + " of " + url + " (shallow)");
        return workspace.in(target);
    }

    /** The API URL given, else the first changed deployment's promotion.github.apiUrl when it is not the default. */
    private static String apiUrl(Request request, PinUpdate.Result update, PinCheckout checkout)
            throws IOException, InterruptedException, HubDeployException {
        if (request.githubApiUrl() != null && !request.githubApiUrl().isBlank()) {
            return request.githubApiUrl();
        }
        String first = update.changed().keySet().iterator().next();
        String configured = checkout.agent().run(new LoadConfigTask(first)).promotion().github().apiUrl();
        return PromotionSpec.DEFAULT_GITHUB_API_URL.equals(configured) ? null : configured;
    }
}
