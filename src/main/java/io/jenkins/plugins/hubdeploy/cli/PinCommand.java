package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.GitHubTask;
import io.jenkins.plugins.hubdeploy.promote.PinPullRequest;
import io.jenkins.plugins.hubdeploy.run.PinRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            description = "Push the branch to REMOTE (default origin); implies --commit.")
    String remote;

    @Option(names = "--pull-request", description = "Commit, push and open (or update the open) GitHub pull request"
            + " from the branch against --base. Implies --commit --push.")
    boolean pullRequest;

    @Option(names = "--base", paramLabel = "BRANCH", defaultValue = PinPullRequest.DEFAULT_BASE,
            description = "--pull-request: the branch the pull request targets (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--repository-url", paramLabel = "URL", description = "Work on a shallow clone of the deployment"
            + " repository's --base branch from URL (https, or a local path / file:// URL), in a scratch directory"
            + " beside -C that is deleted at the end, instead of on the checkout at -C; implies --push origin.")
    String repositoryUrl;

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
        }
        PinRun.Request request = new PinRun.Request(image, common.selection(), branch, commit, remote, pullRequest,
                base, githubApiUrl, repositoryUrl);
        PinRun.Result result = new PinRun(common.runner(log), common.agent(), log, env, PinRun.Labels.CLI)
                .run(request, null, token);
        GitHubTask.Pull pr = result.pullRequest();
        if (common.json) {
            JsonOutput.print(System.out, result.toMap());
        } else if (result.changed().isEmpty()) {
            System.out.println("no deployment pins " + result.repository() + " at another tag"
                    + (result.unchanged().isEmpty() ? "" : " (" + String.join(", ", result.unchanged()) + " already at "
                    + result.pin() + ")"));
        } else {
            System.out.println("pinned " + result.repository() + " to " + result.pin() + " in "
                    + String.join(", ", result.changed().keySet())
                    + (result.commit() == null ? "" : " (commit " + result.commit() + " on " + result.branch() + ")")
                    + (pr == null ? "" : "; pull request #" + pr.number() + " "
                    + (Boolean.TRUE.equals(result.created()) ? "opened" : "updated") + ": " + pr.url()));
        }
        return 0;
    }
}
