package io.jenkins.plugins.hubdeploy.smoke;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link HubClient#close()} ends the HTTP client's selector thread (a JVM waits up to 300 ms at exit for such a
 * thread in native code), and a plain-http client carries a TLS context that trusts nothing. Against a JDK
 * {@code HttpServer} on a free loopback port that stands in for the hub.
 */
class HubClientCloseTest {
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hub/api/", exchange -> {
            byte[] body = "{\"version\": \"3.0.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void closeEndsTheSelectorThread() throws Exception {
        HubClient hub = new HubClient("http://127.0.0.1:" + server.getAddress().getPort(), "t0ken-close-test");
        assertThat(hub.get("/hub/api/").json().path("version").asText()).isEqualTo("3.0.0");
        String name = io.jenkins.plugins.hubdeploy.platform.HttpClients.selectorThreadName(hub.http());
        assertThat(name).matches("HttpClient-\\d+-SelectorManager");
        Thread selector = thread(name).orElseThrow(() -> new AssertionError("no thread " + name));

        hub.close();
        selector.join(5_000);

        assertThat(selector.isAlive()).as(name + " still running after close()").isFalse();
    }

    @Test
    void plainHttpHubGetsATlsContextThatTrustsNothingAndHttpsTheDefault() throws Exception {
        HubClient plain = new HubClient("http://127.0.0.1:" + server.getAddress().getPort(), "t0ken-close-test");
        HubClient tls = new HubClient("https://hub.example.org", "t0ken-close-test");
        try {
            assertThat(plain.http().sslContext()).isSameAs(PlainHttpOnly.SSL_CONTEXT);
            assertThat(tls.http().sslContext()).isSameAs(SSLContext.getDefault());
            PlainHttpOnly.TrustNothing trust = new PlainHttpOnly.TrustNothing();
            assertThat(trust.getAcceptedIssuers()).isEmpty();
            assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "RSA"))
                    .isInstanceOf(CertificateException.class).hasMessageContaining("no TLS");
        } finally {
            plain.close();
            tls.close();
        }
    }

    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }
}
