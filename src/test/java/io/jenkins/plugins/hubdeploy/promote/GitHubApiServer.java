package io.jenkins.plugins.hubdeploy.promote;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers like GitHub's REST API, from scripted answers: each request to
 * {@code METHOD path} takes the next answer queued for it (status, JSON body, headers), as GitHub's documentation
 * shows them (201 created, 200, 401 "Bad credentials", 403 with and without Retry-After, 404, 409, 422 "A pull
 * request already exists for OWNER:BRANCH."). Every request is recorded. It stands in for github.com, which
 * tests may not reach; the client under test is the real one.
 */
public final class GitHubApiServer implements AutoCloseable {
    public record Answer(int status, String body, Map<String, String> headers) {
    }

    public record Request(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    private GitHubApiServer(HttpServer server) {
        this.server = server;
    }

    public static GitHubApiServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        GitHubApiServer api = new GitHubApiServer(server);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            api.requests.add(new Request(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Deque<Answer> queue = api.answers.get(exchange.getRequestMethod() + " " + path);
            Answer answer = queue == null || queue.isEmpty()
                    ? new Answer(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}", Map.of())
                    : queue.size() == 1 ? queue.peek() : queue.poll();
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return api;
    }

    /** Queues answers for {@code METHOD path}; the last one repeats. */
    public GitHubApiServer on(String methodAndPath, Answer... queued) {
        answers.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).addAll(List.of(queued));
        return this;
    }

    public static Answer answer(int status, String body) {
        return new Answer(status, body, Map.of());
    }

    public static Answer answer(int status, String body, Map<String, String> headers) {
        return new Answer(status, body, headers);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static String pull(int number, String head, String sha, String base) {
        return "{\"number\":" + number + ",\"state\":\"open\",\"html_url\":\"https://github.com/datahub/hubs/pull/"
                + number + "\",\"node_id\":\"PR_x\",\"head\":{\"ref\":\"" + head + "\",\"sha\":\"" + sha
                + "\",\"repo\":{\"full_name\":\"datahub/hubs\"}},\"base\":{\"ref\":\"" + base
                + "\",\"repo\":{\"full_name\":\"datahub/hubs\"}}}";
    }
}
