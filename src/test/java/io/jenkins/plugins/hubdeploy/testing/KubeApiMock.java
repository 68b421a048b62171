package io.jenkins.plugins.hubdeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * SIMULATED Kubernetes API server: fabric8's {@code kubernetes-server-mock} in CRUD mode on a free loopback port
 * (plain HTTP), with the dispatcher changes real Helm needs ({@link KubeApiMockDispatcher}). It stores objects and
 * answers reads; it runs nothing (no pods, no controllers, no readiness), validates nothing unless told to
 * ({@link #denyWrites}), and has no strategic-merge patch.
 */
public final class KubeApiMock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubeApiMockDispatcher dispatcher = new KubeApiMockDispatcher();
    private final KubernetesMockServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KubeApiMock() {
        // one INFO line per request otherwise; requests() keeps them for assertions and failure messages
        java.util.logging.Logger.getLogger(MockWebServer.class.getName()).setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Writes a kubeconfig for this server (one cluster, one context, a placeholder token) and returns its path. */
    public Path writeKubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                users:
                - name: mock
                  user:
                    token: placeholder-not-a-credential
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                    namespace: default
                current-context: mock
                """.formatted(url()));
        return file;
    }

    /**
     * Simulated admission policy: PUT/POST of a {@code resource} (plural, e.g. configmaps) whose JSON body contains
     * {@code forbidden} is refused with HTTP 400 and {@code message}, as a validating webhook would refuse it.
     */
    public void denyWrites(String resource, String forbidden, String message) {
        Predicate<RecordedRequest> matches = r -> ("PUT".equals(r.getMethod()) || "POST".equals(r.getMethod()))
                && r.getPath().contains("/" + resource)
                && r.getBody() != null && new String(r.getBody().getBytes(), StandardCharsets.UTF_8).contains(forbidden);
        dispatcher.deny(new KubeApiMockDispatcher.Denial(matches, message));
    }

    /** Every request line the server received, in order ("GET /api/v1/..."). */
    public List<String> requests() {
        return List.copyOf(dispatcher.requestLines);
    }

    /** The stored object at {@code apiPath} (e.g. /api/v1/namespaces/ns/configmaps/name), or empty on 404. */
    public Optional<JsonNode> get(String apiPath) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + apiPath))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("KubeApiMock GET " + apiPath + " -> HTTP " + response.statusCode() + ": " + response.body());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    /**
     * Helm's stored release object for {@code release} at {@code revision}: the Secret
     * {@code sh.helm.release.v1.<release>.v<revision>}, whose {@code data.release} is base64(gzip(JSON of helm's
     * Release)) - the same object {@code helm status -o json} prints.
     */
    public Optional<JsonNode> storedRelease(String namespace, String release, int revision)
            throws IOException, InterruptedException {
        Optional<JsonNode> secret = get("/api/v1/namespaces/" + namespace + "/secrets/sh.helm.release.v1." + release
                + ".v" + revision);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        // Secret data is base64 in JSON; helm's value is itself base64 text of the gzipped release JSON
        byte[] helmText = Base64.getDecoder().decode(secret.get().path("data").path("release").asText());
        byte[] gzipped = Base64.getDecoder().decode(new String(helmText, StandardCharsets.US_ASCII));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return Optional.of(JSON.readTree(in.readAllBytes()));
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
