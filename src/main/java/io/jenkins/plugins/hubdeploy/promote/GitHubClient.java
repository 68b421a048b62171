package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HttpClients;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's REST API on the JDK {@link HttpClient} (runs on the agent inside a {@link GitHubTask}). The token goes
 * only into the {@code Authorization} header; no message contains it. Answers are mapped the way GitHub documents
 * them: 401 bad token and 403 missing permission are environment problems (exit 3) naming the permission the call
 * needs; 403/429 with {@code Retry-After} (or an exhausted rate limit) are secondary rate limits, waited out a
 * bounded number of times; 404 (GitHub's answer also to a token that may not see the repository) is exit 3; 409
 * and 422 are returned to the caller, which knows what they mean; 5xx and connection errors are retried, bounded.
 */
public final class GitHubClient implements AutoCloseable {
    static final int ATTEMPTS = 4;
    /** Pass as the path to reach the GraphQL endpoint (auto-merge has no REST call). */
    static final String GRAPHQL = "graphql";
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: the status and the parsed JSON body (a missing node for an empty or non-JSON body). */
    public record Reply(int status, JsonNode body) {
        /** GitHub's {@code message} plus each {@code errors[].message}, for a failure message. */
        public String message() {
            StringBuilder text = new StringBuilder(body.path("message").asText(""));
            for (JsonNode e : body.path("errors")) {
                String m = e.path("message").asText(e.path("code").asText(""));
                if (!m.isEmpty()) {
                    text.append(text.length() == 0 ? "" : ": ").append(m);
                }
            }
            return text.toString();
        }
    }

    private final GitHubRepo repo;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public GitHubClient(GitHubRepo repo, String token, Duration timeout) {
        this.repo = repo;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public void close() {
        HttpClients.close(http);
    }

    /**
     * Sends {@code method path} (relative to the repository's {@code /repos/O/R}, or absolute when it starts with
     * {@code /}); {@code what} and {@code permission} name the call and the token permission it needs.
     */
    public Reply send(String method, String path, Object body, String what, String permission)
            throws InterruptedException, HubDeployException {
        String full = path.startsWith("/") ? path : repo.path() + "/" + path;
        URI uri = URI.create(path.equals(GRAPHQL) ? graphqlUrl(repo.apiUrl()) : repo.apiUrl() + full);
        String json = body == null ? null : write(body);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("User-Agent", "hubdeploy")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null && !token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw HubDeployException.environment("GitHub API " + repo.apiUrl() + " is unreachable for " + what
                            + " (" + e.getClass().getSimpleName() + ", " + ATTEMPTS + " tries); check the API URL"
                            + " (promotion.github.apiUrl for GitHub Enterprise) and the agent's network");
                }
                Thread.sleep(500L * attempt);
                continue;
            }
            Reply reply = new Reply(response.statusCode(), parse(response.body()));
            int status = reply.status();
            Optional<Duration> wait = rateLimitWait(response, reply);
            if (wait.isPresent()) {
                if (attempt == ATTEMPTS || wait.get().compareTo(MAX_RETRY_AFTER) > 0) {
                    throw HubDeployException.environment("GitHub rate-limited " + what + " (HTTP " + status
                            + ", retry after " + wait.get().toSeconds() + " s) " + (attempt == ATTEMPTS
                            ? "on every one of " + ATTEMPTS + " tries" : "for longer than hubdeploy waits ("
                            + MAX_RETRY_AFTER.toSeconds() + " s)") + "; run the promotion again later");
                }
                Thread.sleep(wait.get().toMillis());
                continue;
            }
            if (status >= 500 && attempt < ATTEMPTS) {
                Thread.sleep(500L * attempt);
                continue;
            }
            return check(reply, what, permission);
        }
    }

    /** {@code https://api.github.com/graphql}; GitHub Enterprise Server: {@code https://HOST/api/graphql}. */
    static String graphqlUrl(String apiUrl) {
        return apiUrl.endsWith("/api/v3") ? apiUrl.substring(0, apiUrl.length() - "v3".length()) + "graphql" : apiUrl + "/graphql";
    }

    private Reply check(Reply reply, String what, String permission) throws HubDeployException {
        int status = reply.status();
        String where = " (" + repo.fullName() + " at " + repo.apiUrl() + ")";
        if (status == 401) {
            throw HubDeployException.environment("GitHub rejected the token for " + what + where + ": 401 "
                    + reply.message() + ". Renew the token in the job's git credentials (gitCredentialsId; CLI:"
                    + " --github-token-env); it needs " + permission);
        }
        if (status == 403) {
            throw HubDeployException.environment("GitHub refused " + what + where + ": 403 " + reply.message()
                    + ". The token needs " + permission + " on " + repo.fullName());
        }
        if (status == 404) {
            throw HubDeployException.environment("GitHub answered 404 for " + what + where + ": the repository or"
                    + " object does not exist, or the token may not see it (GitHub answers 404 then). Check the owner/"
                    + "repository (from the remote URL or GIT_URL) and that the token has " + permission);
        }
        if (status >= 500) {
            throw HubDeployException.environment("GitHub answered HTTP " + status + " for " + what + where + " on every"
                    + " one of " + ATTEMPTS + " tries; check githubstatus.com and run the promotion again");
        }
        return reply;
    }

    /**
     * GitHub's documented secondary rate limit: 403 or 429 with {@code Retry-After} seconds; or a primary limit:
     * {@code x-ratelimit-remaining: 0} with {@code x-ratelimit-reset} (epoch seconds).
     */
    private static Optional<Duration> rateLimitWait(HttpResponse<byte[]> response, Reply reply) {
        int status = reply.status();
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.get().strip()))));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(60));
            }
        }
        if ("0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse(null))) {
            long reset = response.headers().firstValue("x-ratelimit-reset").map(Long::parseLong).orElse(0L);
            return Optional.of(Duration.ofSeconds(Math.max(1, reset - System.currentTimeMillis() / 1000)));
        }
        if (status == 429 || reply.message().toLowerCase(java.util.Locale.ROOT).contains("secondary rate limit")) {
            return Optional.of(Duration.ofSeconds(60));
        }
        return Optional.empty();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body instanceof Map<?, ?> m ? m : body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
