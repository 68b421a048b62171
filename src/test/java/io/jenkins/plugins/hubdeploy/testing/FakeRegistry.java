package io.jenkins.plugins.hubdeploy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SIMULATED registry for deploy tests (the real registry is covered by the image tests): on a free loopback port,
 * answers the distribution API's {@code GET /v2/} and {@code HEAD /v2/<repo>/manifests/<tag>} with 200 and a
 * {@code Docker-Content-Digest} for the references it was given, 404 otherwise. With {@link #requireLogin} it is a
 * private registry: every request without that user's Basic {@code Authorization} gets 401 and a {@code Basic}
 * challenge. It records every {@code Authorization} header it was sent.
 */
public final class FakeRegistry implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    public FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:<port>} */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes {@code repository:tag} (repository without host) exist with {@code digest}. */
    public void put(String repository, String tag, String digest) {
        digests.put(repository + ":" + tag, digest);
    }

    /** From now on only {@code user}/{@code password} (HTTP Basic) may read the registry. */
    public void requireLogin(String user, String password) {
        requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Every {@code Authorization} header received, in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            String required = requiredAuthorization;
            if (required != null && !required.equals(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake-registry\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            int marker = path.indexOf("/manifests/");
            if (marker < 0) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            String digest = digests.get(path.substring(4, marker) + ":" + path.substring(marker + 11));
            if (digest == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
