package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The GitHub calls a promotion makes, each an {@link AgentTask}: in Jenkins HTTP runs on the agent. */
public final class GitHubTask {
    static final String STATUS_PERMISSION = "'Commit statuses: write' (classic token: repo:status)";
    static final String PULLS_PERMISSION = "'Pull requests: write' (classic token: repo)";
    static final String READ_PERMISSION = "'Pull requests: read' (classic token: repo)";
    static final String MERGE_PERMISSION = "'Contents: write' and 'Pull requests: write' (classic token: repo)";

    private GitHubTask() {
    }

    /** A pull request as the promotion needs it. {@code fork}: the head repository is not the base repository. */
    public record Pull(int number, String url, String headRef, String headSha, String baseRef, boolean fork,
                       String state, String nodeId) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Pull of(JsonNode p) {
            String headRepo = p.path("head").path("repo").path("full_name").asText("");
            String baseRepo = p.path("base").path("repo").path("full_name").asText("");
            return new Pull(p.path("number").asInt(), p.path("html_url").asText(null), p.path("head").path("ref").asText(),
                    p.path("head").path("sha").asText(), p.path("base").path("ref").asText(),
                    !headRepo.isEmpty() && !headRepo.equals(baseRepo), p.path("state").asText(),
                    p.path("node_id").asText(null));
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", number);
            m.put("url", url);
            m.put("head", headRef);
            m.put("headSha", headSha);
            m.put("base", baseRef);
            return m;
        }
    }

    /** {@code POST /repos/O/R/statuses/SHA}: state success|failure|pending|error, with the build's link. */
    public record SetStatus(GitHubAccess access, String sha, String state, String context, String description,
                            String targetUrl) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException, InterruptedException, HubDeployException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("state", state);
            body.put("context", context);
            body.put("description", description.length() > 140 ? description.substring(0, 137) + "..." : description);
            if (targetUrl != null) {
                body.put("target_url", targetUrl);
            }
            try (GitHubClient client = access.client()) {
                GitHubClient.Reply reply = client.send("POST", "statuses/" + sha, body,
                        "setting commit status " + context + " on " + sha, STATUS_PERMISSION);
                if (reply.status() != 201) {
                    throw HubDeployException.failed("GitHub did not accept commit status " + context + " on " + sha
                            + ": HTTP " + reply.status() + " " + reply.message());
                }
                return state;
            }
        }
    }

    /** {@code GET /repos/O/R/pulls/N}. */
    public record GetPull(GitHubAccess access, int number) implements AgentTask<Pull> {
        private static final long serialVersionUID = 1L;

        @Override
        public Pull call(Path workspace) throws IOException, InterruptedException, HubDeployException {
            try (GitHubClient client = access.client()) {
                GitHubClient.Reply reply = client.send("GET", "pulls/" + number, null, "reading pull request #"
                        + number, READ_PERMISSION);
                if (reply.status() != 200) {
                    throw HubDeployException.environment("GitHub answered HTTP " + reply.status() + " reading pull"
                            + " request #" + number + ": " + reply.message());
                }
                return Pull.of(reply.body());
            }
        }
    }

    /**
     * Opens the pull request {@code head -> base}, or updates the title and body of the one that is open: never a
     * second one for the same pair. A 422 "A pull request already exists" (another build opened it meanwhile) is
     * answered by updating that one. Returns it and whether it was created.
     */
    public record OpenOrUpdatePull(GitHubAccess access, String head, String base, String title, String body)
            implements AgentTask<PullResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public PullResult call(Path workspace) throws IOException, InterruptedException, HubDeployException {
            try (GitHubClient client = access.client()) {
                Pull open = findOpen(client);
                if (open == null) {
                    Map<String, Object> create = new LinkedHashMap<>();
                    create.put("title", title);
                    create.put("head", head);
                    create.put("base", base);
                    create.put("body", body);
                    GitHubClient.Reply reply = client.send("POST", "pulls", create, "opening the pull request " + head
                            + " -> " + base, PULLS_PERMISSION);
                    if (reply.status() == 201) {
                        return new PullResult(Pull.of(reply.body()), true);
                    }
                    if (reply.status() != 422 || !reply.message().contains("already exists")) {
                        throw HubDeployException.failed("GitHub refused to open the pull request " + head + " -> "
                                + base + ": HTTP " + reply.status() + " " + reply.message() + ". Check that both"
                                + " branches exist on " + access.repo().fullName() + " and differ");
                    }
                    open = findOpen(client);
                    if (open == null) {
                        throw HubDeployException.failed("GitHub says a pull request " + head + " -> " + base
                                + " already exists but lists none open; look at " + access.repo().fullName()
                                + "'s pull requests and run the promotion again");
                    }
                }
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("title", title);
                update.put("body", body);
                GitHubClient.Reply reply = client.send("PATCH", "pulls/" + open.number(), update,
                        "updating pull request #" + open.number(), PULLS_PERMISSION);
                if (reply.status() != 200) {
                    throw HubDeployException.failed("GitHub refused to update pull request #" + open.number()
                            + ": HTTP " + reply.status() + " " + reply.message());
                }
                return new PullResult(Pull.of(reply.body()), false);
            }
        }

        private Pull findOpen(GitHubClient client) throws InterruptedException, HubDeployException {
            GitHubClient.Reply reply = client.send("GET", "pulls?state=open&head=" + access.repo().owner() + ":" + head
                    + "&base=" + base, null, "listing open pull requests " + head + " -> " + base, READ_PERMISSION);
            if (reply.status() != 200 || !reply.body().isArray()) {
                throw HubDeployException.environment("GitHub answered HTTP " + reply.status() + " listing pull"
                        + " requests: " + reply.message());
            }
            return reply.body().isEmpty() ? null : Pull.of(reply.body().get(0));
        }
    }

    /** The pull request after {@link OpenOrUpdatePull}. */
    public record PullResult(Pull pull, boolean created) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Merges the pull request, or sets it to merge itself: {@code PUT /repos/O/R/pulls/N/merge} with a merge commit
     * (never squash or rebase) and the head SHA that was verified, so a head that moved since is refused (409). When
     * GitHub says it is not mergeable yet (405: required checks pending), GitHub's auto-merge is enabled through
     * GraphQL ({@code enablePullRequestAutoMerge}, merge method MERGE, expected head OID): it merges once the checks
     * pass. Returns {@code merged <sha>}, {@code auto-merge enabled}, or {@code not merged: <why>}.
     */
    public record MergePull(GitHubAccess access, Pull pull, String sha) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException, InterruptedException, HubDeployException {
            int number = pull.number();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("merge_method", "merge");
            body.put("sha", sha);
            try (GitHubClient client = access.client()) {
                GitHubClient.Reply reply = client.send("PUT", "pulls/" + number + "/merge", body,
                        "merging pull request #" + number, MERGE_PERMISSION);
                if (reply.status() == 200 && reply.body().path("merged").asBoolean()) {
                    return "merged " + reply.body().path("sha").asText();
                }
                if (reply.status() == 409) {
                    throw HubDeployException.failed("GitHub refused to merge pull request #" + number + ": 409 "
                            + reply.message() + ". Its head is no longer " + sha + " (the verified commit); record"
                            + " evidence for the new head and promote again");
                }
                if (reply.status() != 405) {
                    throw HubDeployException.failed("GitHub refused to merge pull request #" + number + ": HTTP "
                            + reply.status() + " " + reply.message());
                }
                if (pull.nodeId() == null) {
                    return "not merged: " + reply.message();
                }
                Map<String, Object> query = new LinkedHashMap<>();
                query.put("query", "mutation($id: ID!, $oid: GitObjectID!) { enablePullRequestAutoMerge(input:"
                        + " {pullRequestId: $id, mergeMethod: MERGE, expectedHeadOid: $oid}) { pullRequest { number } } }");
                query.put("variables", Map.of("id", pull.nodeId(), "oid", sha));
                GitHubClient.Reply auto = client.send("POST", GitHubClient.GRAPHQL, query,
                        "enabling auto-merge of pull request #" + number, MERGE_PERMISSION);
                if (auto.status() == 200 && !auto.body().has("errors")) {
                    return "auto-merge enabled";
                }
                return "not merged: " + reply.message() + "; auto-merge not enabled: " + (auto.body().has("errors")
                        ? auto.body().path("errors").path(0).path("message").asText() : "HTTP " + auto.status())
                        + " (allow auto-merge in the repository settings)";
            }
        }
    }
}
