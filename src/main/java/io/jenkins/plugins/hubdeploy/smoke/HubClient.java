package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.platform.HttpClients;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP to the hub's REST API ({@code /hub/api/...}) and, through its proxy, to a user's server
 * ({@code /user/NAME/api/...}). The token only ever travels in the {@code Authorization} header, never in a URL,
 * and no message built here contains it. Idempotent requests (GET, DELETE) are retried a bounded number of times
 * when the hub cannot be reached; every request has a timeout. {@link #close()} ends the client's selector thread.
 */
final class HubClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int IDEMPOTENT_TRIES = 3;
    private static final long RETRY_PAUSE_MILLIS = 500;

    private final URI base;
    private final String token;
    private final HttpClient http;

    HubClient(String hubUrl, String token) {
        this.base = URI.create(hubUrl.endsWith("/") ? hubUrl : hubUrl + "/");
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equals(base.getScheme())) {
            builder.sslContext(PlainHttpOnly.SSL_CONTEXT);
        }
        this.http = builder.build();
    }

    String hubUrl() {
        String text = base.toString();
        return text.substring(0, text.length() - 1);
    }

    HttpClient http() {
        return http;
    }

    String token() {
        return token;
    }

    /** {@code ws://} or {@code wss://} URI of a path below the hub. */
    URI websocket(String path) {
        URI uri = resolve(path);
        String scheme = "https".equals(uri.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
    }

    HttpReply get(String path) throws HubDeployException, InterruptedException {
        return send("GET", path, null, true);
    }

    HttpReply delete(String path) throws HubDeployException, InterruptedException {
        return send("DELETE", path, null, true);
    }

    HttpReply post(String path, String jsonBody) throws HubDeployException, InterruptedException {
        return send("POST", path, jsonBody, false);
    }

    /** Starts a POST without waiting (a spawn request the hub may hold open for its slow_spawn_timeout). */
    CompletableFuture<HttpResponse<String>> postAsync(String path, String jsonBody, Duration timeout) {
        return http.sendAsync(request("POST", path, jsonBody, timeout), HttpResponse.BodyHandlers.ofString());
    }

    /** GET whose body is read as it arrives (the progress event stream); the caller closes the stream. */
    HttpResponse<InputStream> stream(String path) throws HubDeployException, InterruptedException {
        HttpRequest request = request("GET", path, null, REQUEST_TIMEOUT);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable("GET", path, e);
        }
    }

    JsonNode json(String path) throws HubDeployException, InterruptedException {
        HttpReply reply = get(path);
        if (reply.status() == 502 || reply.status() == 503 || reply.status() == 504) {
            throw new HubUnreachableException("GET " + hubUrl() + path + " answered " + reply.status()
                    + ": the hub is not serving (restarting?); try again when it is up");
        }
        if (!reply.ok()) {
            throw HubDeployException.environment("GET " + hubUrl() + path + " answered " + reply.status() + ": "
                    + reply.message());
        }
        return reply.json();
    }

    /** Ends the HTTP client's selector thread (see {@link HttpClients#close}): the CLI exits 300 ms sooner. */
    @Override
    public void close() {
        HttpClients.close(http);
    }

    private HttpReply send(String method, String path, String jsonBody, boolean idempotent)
            throws HubDeployException, InterruptedException {
        HttpRequest request = request(method, path, jsonBody, REQUEST_TIMEOUT);
        int tries = idempotent ? IDEMPOTENT_TRIES : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new HttpReply(response.statusCode(), response.body());
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException(method + " " + path + " interrupted");
                }
                if (attempt >= tries) {
                    throw unreachable(method, path, e);
                }
                Thread.sleep(RETRY_PAUSE_MILLIS * attempt);
            }
        }
    }

    private HttpRequest request(String method, String path, String jsonBody, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path)).timeout(timeout)
                .header("Authorization", "token " + token)
                .header("Accept", "application/json");
        if (jsonBody != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    HubUnreachableException unreachable(String method, String path, IOException e) {
        String why = e instanceof HttpTimeoutException ? "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new HubUnreachableException("cannot reach the hub at " + hubUrl() + " (" + method + " " + path + "): "
                + why.replace(token, "****") + "; check the hub URL, that the hub is running and that this agent can"
                + " reach it");
    }
}
