package io.jenkins.plugins.hubdeploy.promote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Git's smart HTTP protocol on a loopback port, served by the REAL {@code git http-backend} (as a CGI program, the
 * way Apache or nginx run it) behind HTTP Basic authentication: a request without the expected user and password
 * gets 401 with a challenge, which makes git ask its credential helpers / {@code GIT_ASKPASS}. Every Authorization
 * header it saw is recorded, so a test can prove the credentials were sent (and which).
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    private GitHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Serves the bare repositories under {@code projectRoot} as {@code http://127.0.0.1:PORT/<name>.git}. */
    public static GitHttpServer start(Path projectRoot, String user, String password) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        GitHttpServer git = new GitHttpServer(server);
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            try {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    git.authorizations.add(auth);
                }
                if (!expected.equals(auth)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"hubdeploy-test\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                cgi(exchange, projectRoot, user);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return git;
    }

    public String url(String repository) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
    }

    private static void cgi(HttpExchange exchange, Path projectRoot, String user) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", user);
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
            body.transferTo(in);
        }
        byte[] out = process.getInputStream().readAllBytes();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int skip = 4;
        if (split < 0) {
            split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
            skip = 2;
        }
        int status = 200;
        for (String line : new String(out, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(out, split + skip, out.length - split - skip);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            exchange.getResponseBody().write(body.toByteArray());
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
