package io.jenkins.plugins.hubdeploy.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The parts of the registry protocol the Debian registry cannot show: SIMULATED with a small JDK HTTP server that
 * fronts no real registry. It plays a token-auth registry (Bearer challenge, token service answering {@code token}
 * or {@code access_token}), a registry that fails with 503 for a while, and one that omits the digest header on
 * HEAD. Everything the real registry can do is tested against it in {@link RegistryClientTest}.
 */
class RegistryClientSimulatedTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String PASSWORD = "sim-pass-do-not-log";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpServer server;
    private String host;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private final List<String> manifestAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger manifestCalls = new AtomicInteger();
    private volatile String tokenField = "token";
    private volatile boolean tokenAllowsAnonymous;
    private volatile int failuresBeforeSuccess;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", this::token);
        server.createContext("/v2/bearer/", this::bearerManifest);
        server.createContext("/v2/flaky/", this::flakyManifest);
        server.createContext("/v2/noheader/", this::noHeaderManifest);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenQueries.add(exchange.getRequestURI().getRawQuery());
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (expected.equals(auth) || (auth == null && tokenAllowsAnonymous)) {
            respond(exchange, 200, "{\"" + tokenField + "\":\"tok-123\",\"expires_in\":300}");
        } else {
            respond(exchange, 401, "{\"details\":\"incorrect username or password\"}");
        }
    }

    private void bearerManifest(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        manifestAuthorizations.add(String.valueOf(auth));
        if (!"Bearer tok-123".equals(auth)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\","
                    + "service=\"sim-registry\",scope=\"repository:bearer/app:pull\"");
            respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        } else if (exchange.getRequestURI().getPath().endsWith("/present")) {
            exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
            respond(exchange, 200, null);
        } else {
            respond(exchange, 404, null);
        }
    }

    private void flakyManifest(HttpExchange exchange) throws IOException {
        if (manifestCalls.incrementAndGet() <= failuresBeforeSuccess) {
            respond(exchange, 503, null);
        } else {
            exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
            respond(exchange, 200, null);
        }
    }

    private void noHeaderManifest(HttpExchange exchange) throws IOException {
        assertThat(exchange.getRequestHeaders().getFirst("Accept")).contains("application/vnd.oci.image.index.v1+json");
        byte[] body = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private ImageName name(String repository) {
        return ImageName.parse(host + "/" + repository);
    }

    @Test
    void bearerChallengeFetchesATokenWithBasicAuthAndRetries() throws Exception {
        RegistryClient client = new RegistryClient(new RegistryCredentials("alice", PASSWORD), false, TIMEOUT);

        assertThat(client.manifestDigest(name("bearer/app"), "present")).contains(DIGEST);
        assertThat(tokenQueries).containsExactly("service=sim-registry&scope=repository%3Abearer%2Fapp%3Apull");
        assertThat(manifestAuthorizations).containsExactly("null", "Bearer tok-123");
    }

    @Test
    void tokenServiceMayAnswerAccessTokenAndAnonymousClientsGetOne() throws Exception {
        tokenField = "access_token";
        tokenAllowsAnonymous = true;

        RegistryClient anonymous = new RegistryClient(null, false, TIMEOUT);

        assertThat(anonymous.manifestDigest(name("bearer/app"), "present")).contains(DIGEST);
        assertThat(anonymous.manifestDigest(name("bearer/app"), "absent")).isEmpty();
    }

    @Test
    void tokenServiceRefusingTheCredentialsIsExitThreeWithoutThePassword() {
        RegistryClient client = new RegistryClient(new RegistryCredentials("alice", "wrong-" + PASSWORD), false, TIMEOUT);

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> client.manifestDigest(name("bearer/app"), "present"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("registry " + host).contains("user 'alice'").contains("answered 401")
                .doesNotContain(PASSWORD);
    }

    @Test
    void serviceUnavailableIsRetriedThenAnswered() throws Exception {
        failuresBeforeSuccess = 2;

        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(name("flaky/app"), "t")).contains(DIGEST);
        assertThat(manifestCalls.get()).isEqualTo(3);
    }

    @Test
    void persistentServiceUnavailableIsExitThreeAfterThreeTries() {
        failuresBeforeSuccess = Integer.MAX_VALUE;

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> new RegistryClient(null, false, TIMEOUT).manifestDigest(name("flaky/app"), "t"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("registry " + host + " answered HTTP 503");
        assertThat(manifestCalls.get()).isEqualTo(3);
    }

    @Test
    void headWithoutDigestHeaderFallsBackToTheDigestOfTheManifestBytes() throws Exception {
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8)));

        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(name("noheader/app"), "t")).contains(expected);
    }

    @Test
    void unreachableRegistryIsExitThreeNamingHostAndPortAfterBoundedRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ImageName name = ImageName.parse("127.0.0.1:" + closedPort + "/team/app");

        long start = System.nanoTime();
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> new RegistryClient(null, false, TIMEOUT).manifestDigest(name, "t"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("registry 127.0.0.1:" + closedPort + " is unreachable")
                .contains("3 tries").contains("check that it is running");
        assertThat(millis).isBetween(1_400L, 10_000L);
        System.out.println("unreachable registry reported after " + millis + " ms");
    }
}
