package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.run.PinUpdate;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After {@code hubdeploy pin} pushed its branch: opens the pull request from it against the deployment repository's
 * base branch on GitHub, or updates the one already open from that branch (never a second), through the same client
 * and task promotion uses ({@link GitHubTask.OpenOrUpdatePull}). The repository is the pushed remote's (fetch) URL.
 */
public final class PinPullRequest {
    public static final String DEFAULT_BASE = "staging";

    private final GitCli git;
    private final Agent agent;
    private final BuildLog log;

    public PinPullRequest(GitCli git, Agent agent, BuildLog log) {
        this.git = git;
        this.agent = agent;
        this.log = log;
    }

    /**
     * @param apiUrl the GitHub API base URL (GitHub Enterprise), or null to derive it from the remote's host
     * @param token  the GitHub token; only ever sent in the Authorization header
     */
    public GitHubTask.PullResult open(PinUpdate.Result result, String branch, String commit, String remote,
                                      String base, String apiUrl, String token)
            throws IOException, InterruptedException, HubDeployException {
        GitHubAccess access = new GitHubAccess(repository(remote, apiUrl), token, GitHubAccess.DEFAULT_TIMEOUT);
        GitHubTask.PullResult pr = agent.run(new GitHubTask.OpenOrUpdatePull(access, branch, base, title(result),
                body(result, commit)));
        log.info("pin: " + (pr.created() ? "opened" : "updated") + " pull request #" + pr.pull().number() + " "
                + branch + " -> " + base + ": " + pr.pull().url());
        return pr;
    }

    /** The GitHub repository the remote's (fetch) URL names; exit 2 when it names none (call it before changing anything). */
    public GitHubRepo repository(String remote, String apiUrl)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult url = git.run(List.of("remote", "get-url", remote));
        if (!url.ok() || url.stdout().isBlank()) {
            throw HubDeployException.usage("git remote '" + remote + "' has no URL: cannot tell the GitHub repository"
                    + " for the pull request; give --push the remote of the deployment repository on GitHub");
        }
        // a token written into the remote's URL must not reach the message of a URL that does not parse
        String withoutLogin = url.stdout().strip().replaceFirst("^([A-Za-z+]+://)[^@/]+@", "$1");
        return GitHubRepo.parse(withoutLogin, apiUrl, "the URL of remote '" + remote + "'");
    }

    static String title(PinUpdate.Result result) {
        String name = result.repository().substring(result.repository().lastIndexOf('/') + 1);
        return "Pin " + name + " to " + result.pin() + " (" + String.join(", ", result.changed().keySet()) + ")";
    }

    static String body(PinUpdate.Result result, String commit) {
        StringBuilder b = new StringBuilder();
        b.append("Moves the pinned image `").append(result.repository()).append("`\n\n");
        b.append("* from: ").append(String.join(", ", quoted(oldPins(result)))).append('\n');
        b.append("* to: `").append(result.pin()).append("`\n");
        int at = result.pin().indexOf("sha256:");
        b.append("* digest: ").append(at >= 0 ? "`" + result.pin().substring(at) + "`"
                : "none given (the tag alone is pinned)").append('\n');
        b.append("\n| deployment | was | files |\n|---|---|---|\n");
        for (Map.Entry<String, List<String>> e : result.changed().entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ")
                    .append(String.join(", ", quoted(result.previous().getOrDefault(e.getKey(), List.of()))))
                    .append(" | ").append(String.join(", ", e.getValue())).append(" |\n");
        }
        if (!result.unchanged().isEmpty()) {
            b.append("\nAlready at this pin: ").append(String.join(", ", result.unchanged())).append('\n');
        }
        b.append("\nCommit ").append(commit).append(", by `hubdeploy pin`.\n");
        return b.toString();
    }

    private static Set<String> oldPins(PinUpdate.Result result) {
        Set<String> pins = new LinkedHashSet<>();
        result.previous().values().forEach(pins::addAll);
        return pins;
    }

    private static List<String> quoted(java.util.Collection<String> pins) {
        return pins.stream().map(p -> "`" + p + "`").toList();
    }
}
