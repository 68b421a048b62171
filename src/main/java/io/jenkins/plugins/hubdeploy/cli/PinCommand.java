package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.promote.GitCli;
import io.jenkins.plugins.hubdeploy.promote.GitHubTask;
import io.jenkins.plugins.hubdeploy.promote.PinPullRequest;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.PinBranch;
import io.jenkins.plugins.hubdeploy.run.PinUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy pin --image REPO:TAG}: move every pin of an image in the deployment repository to a new tag. */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = {"Move the pinned tag of a prebuilt image (hubploy.yaml name: REPO:TAG) to a new one in every "
                + "deployment that pins it (-d to choose), also where the deployment's values name it; with --commit, "
                + "on a new branch ready for a pull request (--push pushes it); --pull-request also opens (or updates)"
                + " the GitHub pull request from it, with the token in --github-token-env."})
final class PinCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--image", required = true, paramLabel = "REPO:TAG",
            description = "The new image: REPO:TAG, REPO@sha256:DIGEST or REPO:TAG@sha256:DIGEST.")
    String image;

    @Option(names = "--commit", description = "Commit the change on a new branch (default name hubdeploy/pin-IMAGE-TAG).")
    boolean commit;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch --commit creates.")
    String branch;

    @Option(names = "--push", paramLabel = "REMOTE", arity = "0..1", fallbackValue = "origin",
            description = "With --commit: push the branch to REMOTE (default origin).")
    String remote;

    @Option(names = "--pull-request", description = "Commit, push and open (or update the open) GitHub pull request"
            + " from the branch against --base. Implies --commit --push.")
    boolean pullRequest;

    @Option(names = "--base", paramLabel = "BRANCH", defaultValue = PinPullRequest.DEFAULT_BASE,
            description = "--pull-request: the branch the pull request targets (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--github-api-url", paramLabel = "URL", description = "GitHub REST API (GitHub Enterprise:"
            + " https://HOST/api/v3; default: promotion.github.apiUrl, else from the remote's host).")
    String githubApiUrl;

    @Option(names = "--github-token-env", paramLabel = "VAR", defaultValue = "GITHUB_TOKEN",
            description = "--pull-request: environment variable holding the GitHub token (default: ${DEFAULT-VALUE}).")
    String githubTokenEnv;

    private final Map<String, String> env;

    PinCommand() {
        this(System.getenv());
    }

    PinCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        String token = null;
        if (pullRequest) {
            token = env.get(githubTokenEnv);
            if (token == null || token.isBlank()) {
                throw HubDeployException.usage("--pull-request needs a GitHub token in the environment variable "
                        + githubTokenEnv + " (--github-token-env) with 'Pull requests: write' on the deployment"
                        + " repository");
            }
            if (!base.matches("[A-Za-z0-9._/-]+") || base.startsWith("-") || base.contains("..")) {
                throw HubDeployException.usage("--base '" + base + "' is not a branch name; give the deployment"
                        + " repository's branch the pull request targets (default " + PinPullRequest.DEFAULT_BASE + ")");
            }
            commit = true;
            remote = remote == null ? "origin" : remote;
        }
        PinPullRequest pulls = new PinPullRequest(new GitCli(common.runner(log), env, masker(token), null),
                common.agent(), log);
        if (pullRequest) {
            pulls.repository(remote, githubApiUrl);
        }
        DeploymentSelection selection = common.selection();
        PinUpdate.Result result = common.agent().run(new PinUpdate(image, selection));
        result.changed().forEach((d, files) -> log.info("pin: " + d + ": " + String.join(", ", files)));
        String sha = null;
        String name = null;
        if (commit && !result.changed().isEmpty()) {
            name = branch != null ? branch : PinBranch.defaultBranch(result);
            sha = new PinBranch(common.runner(log), log).commit(result, name, remote);
        }
        GitHubTask.PullResult pr = null;
        if (pullRequest && sha == null) {
            log.info("pin: nothing to change, so no pull request");
        }
        if (pullRequest && sha != null) {
            pr = pulls.open(result, name, sha, remote, base, apiUrl(result), token);
        }
        if (common.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("repository", result.repository());
            out.put("pin", result.pin());
            out.put("changed", result.changed());
            out.put("unchanged", result.unchanged());
            out.put("branch", name);
            out.put("commit", sha);
            out.put("pullRequest", pr == null ? null : pr.pull().toMap());
            out.put("created", pr == null ? null : pr.created());
            JsonOutput.print(System.out, out);
        } else if (result.changed().isEmpty()) {
            System.out.println("no deployment pins " + result.repository() + " at another tag"
                    + (result.unchanged().isEmpty() ? "" : " (" + String.join(", ", result.unchanged()) + " already at "
                    + result.pin() + ")"));
        } else {
            System.out.println("pinned " + result.repository() + " to " + result.pin() + " in "
                    + String.join(", ", result.changed().keySet()) + (sha == null ? "" : " (commit " + sha + " on " + name + ")")
                    + (pr == null ? "" : "; pull request #" + pr.pull().number() + " " + (pr.created() ? "opened" : "updated")
                    + ": " + pr.pull().url()));
        }
        return 0;
    }

    private static SecretMasker masker(String token) {
        SecretMasker masker = new SecretMasker();
        masker.add(token);
        return masker;
    }

    /** --github-api-url, else the first changed deployment's promotion.github.apiUrl when it is not the default. */
    private String apiUrl(PinUpdate.Result result) throws HubDeployException {
        if (githubApiUrl != null && !githubApiUrl.isBlank()) {
            return githubApiUrl;
        }
        String first = result.changed().keySet().iterator().next();
        String configured = ConfigLoader.load(common.repositoryRoot(), first).promotion().github().apiUrl();
        return PromotionSpec.DEFAULT_GITHUB_API_URL.equals(configured) ? null : configured;
    }
}
