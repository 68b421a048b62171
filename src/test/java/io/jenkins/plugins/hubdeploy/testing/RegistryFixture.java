package io.jenkins.plugins.hubdeploy.testing;

import io.jenkins.plugins.hubdeploy.image.ImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry (Debian's {@code docker-registry}, distribution 2.8) on a free loopback port, storing under a
 * directory of the test's. Optionally protected by a bcrypt htpasswd file made with {@code htpasswd -Bbn}
 * (apache2-utils). Use it in try-with-resources or stop it in {@code @AfterAll}; a JVM shutdown hook is a last
 * resort so a crashed test run leaves no registry behind.
 *
 * <pre>{@code
 * try (RegistryFixture registry = RegistryFixture.start(dir, new RegistryFixture.Htpasswd("ci", "s3cret"))) {
 *     ImageName name = registry.image("team/user-image");   // 127.0.0.1:<port>/team/user-image
 * }
 * }</pre>
 * Missing {@code docker-registry} or {@code htpasswd} skips the test (fails it under CI=true): see {@link Components}.
 */
public final class RegistryFixture implements AutoCloseable {
    public static final String INSTALL = "apt-get install -y --no-install-recommends docker-registry";
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    /** The only user of an htpasswd-protected registry. */
    public record Htpasswd(String username, String password) {
        @Override
        public String toString() {
            return "Htpasswd[username=" + username + ", password=****]";
        }
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private RegistryFixture(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop docker-registry on " + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** An open registry (no authentication). */
    public static RegistryFixture start(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    /**
     * Starts a registry storing under {@code dir} (created if needed), protected by {@code htpasswd} when it is not
     * null, and waits until {@code /v2/} answers.
     */
    public static RegistryFixture start(Path dir, Htpasswd htpasswd) throws IOException, InterruptedException {
        Path program = Components.require("docker-registry", INSTALL);
        Files.createDirectories(dir);
        String auth = "";
        if (htpasswd != null) {
            auth = "auth: {htpasswd: {realm: hubdeploy-test, path: " + writeHtpasswd(dir, htpasswd) + "}}\n";
        }
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, "version: 0.1\n"
                    + "log: {level: info}\n"
                    + "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}, delete: {enabled: true}}\n"
                    + "http: {addr: 127.0.0.1:" + port + ", secret: hubdeploy-test-secret}\n"
                    + auth);
            Path log = dir.resolve("registry-" + port + ".log");
            Process process = new ProcessBuilder(program.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (awaitReady(process, port)) {
                    return new RegistryFixture(process, port, log);
                }
                last = new IOException("docker-registry on 127.0.0.1:" + port + " did not answer /v2/ within "
                        + READY_TIMEOUT + "; its log:\n" + Files.readString(log));
            } catch (IOException | InterruptedException | RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        throw last;
    }

    /** {@code 127.0.0.1:<port>}: the registry part of an image name. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>/<repository>}. */
    public ImageName image(String repository) {
        return ImageName.parse(hostPort() + "/" + repository);
    }

    /**
     * Pushes a tiny OCI image (an empty layer list, a config naming {@code tag}) as {@code repository:tag}; returns
     * its manifest digest. For tests that need a real tag and digest but no runnable image.
     */
    public String pushTinyImage(String repository, String tag) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://" + hostPort() + "/v2/" + repository;
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"config\":{\"Labels\":{\"tag\":\"" + tag + "\"}}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(config));
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        expect(start, 202);
        URI location = URI.create("http://" + hostPort()).resolve(start.headers().firstValue("Location").orElseThrow());
        String put = location + (location.getQuery() == null ? "?" : "&") + "digest=" + configDigest;
        HttpResponse<String> blob = http.send(HttpRequest.newBuilder(URI.create(put)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(config)).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(blob, 201);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[]}";
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + tag))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        expect(pushed, 201);
        return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    private static void expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(response.request().method() + " " + response.request().uri() + ": HTTP "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
    }

    /** The registry's own log (requests and errors), for assertion messages. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the registry and waits for it to end. Idempotent. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static Path writeHtpasswd(Path dir, Htpasswd htpasswd) throws IOException, InterruptedException {
        Path program = Components.require("htpasswd", "apt-get install -y --no-install-recommends apache2-utils");
        // -B: bcrypt, the only hash distribution accepts; -n: print instead of updating a file
        Process process = new ProcessBuilder(program.toString(), "-Bbn", htpasswd.username(), htpasswd.password())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || !line.contains(":$2")) {
            process.destroyForcibly();
            throw new IOException("htpasswd -Bbn did not produce a bcrypt entry for " + htpasswd.username());
        }
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, line + "\n");
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls {@code /v2/} (200 open, 401 protected) until it answers, the process dies, or the timeout passes. */
    private static boolean awaitReady(Process process, int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }
}
