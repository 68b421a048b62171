package io.jenkins.plugins.hubdeploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real JupyterHub ({@link JupyterHubInstall}: Debian's 3.0 by default, or one from PyPI; configurable-http-proxy,
 * SimpleLocalProcessSpawner, {@code jupyterhub-singleuser} with ipykernel) on free loopback ports, configured from a
 * generated {@code jupyterhub_config.py} in a directory of the test's. Two service tokens: {@link #token()} with the
 * scopes the smoke run needs and {@link #weakToken()} with {@code read:hub} only. {@link Options#failingSpawner()}
 * and {@link Options#slowFailingSpawner(int)} make every spawn fail. {@link #stop()} ends the hub and every process it started (proxy,
 * single-user servers, kernels) and deletes the directory. Start one per test class: a hub takes ~1.5 s to start.
 */
public final class JupyterHubFixture implements AutoCloseable {
    /** Debian's hub (the default one) and how to install it. */
    public static final String INSTALL = "apt-get install -y --no-install-recommends jupyterhub";
    public static final String JUPYTERHUB = "/usr/bin/jupyterhub";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final String CLEAN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param spawnerFails     every spawn fails: the spawner runs /bin/false
     * @param failAfterSeconds with spawnerFails: the spawned process lives this long before it fails (0: at once),
     *                         so a test can act while the spawn is pending
     */
    public record Options(boolean spawnerFails, int failAfterSeconds) {
        public static Options defaults() {
            return new Options(false, 0);
        }

        public static Options failingSpawner() {
            return new Options(true, 0);
        }

        public static Options slowFailingSpawner(int seconds) {
            return new Options(true, seconds);
        }
    }

    private final Process process;
    private final Path dir;
    private final int port;
    private final String token;
    private final String weakToken;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private JupyterHubFixture(Process process, Path dir, int port, String token, String weakToken) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.token = token;
        this.weakToken = weakToken;
        this.shutdownHook = new Thread(this::kill, "stop jupyterhub on " + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Debian's JupyterHub 3.0. */
    public static JupyterHubFixture start(Options options) throws IOException, InterruptedException {
        return start(JupyterHubInstall.debian(), options);
    }

    public static JupyterHubFixture start(JupyterHubInstall install, Options options) throws IOException,
            InterruptedException {
        Path program = install.require().jupyterhub();
        Path dir = Files.createTempDirectory("hubdeploy-jupyterhub");
        String token = "ci-" + UUID.randomUUID().toString().replace("-", "");
        String weakToken = "weak-" + UUID.randomUUID().toString().replace("-", "");
        int port = freePort();
        Files.writeString(dir.resolve("jupyterhub_config.py"), config(install, dir, port, freePort(), freePort(),
                token, weakToken, options));
        ProcessBuilder builder = new ProcessBuilder(program.toString(), "-f",
                dir.resolve("jupyterhub_config.py").toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jupyterhub.log").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", path(install));
        builder.environment().put("HOME", dir.toString());
        if (install.proxy() == null) {
            builder.environment().put("NODE_PATH", "/usr/share/nodejs"); // Debian's proxy finds its modules there
        }
        builder.environment().put("LANG", "C.UTF-8");
        Process process = builder.start();
        JupyterHubFixture hub = new JupyterHubFixture(process, dir, port, token, weakToken);
        try {
            hub.awaitReady();
            return hub;
        } catch (IOException | InterruptedException | RuntimeException e) {
            hub.stop();
            throw e;
        }
    }

    private static String path(JupyterHubInstall install) {
        return install.binDir() == null ? CLEAN_PATH : install.binDir() + ":" + CLEAN_PATH;
    }

    private static String config(JupyterHubInstall install, Path dir, int port, int hubPort, int apiPort,
                                 String token, String weakToken, Options options) {
        // sh -c ... sh: the spawner's arguments (--allow-root) land in $1.., where nothing reads them
        String cmd = !options.spawnerFails() ? "['" + install.singleUser() + "']"
                : options.failAfterSeconds() == 0 ? "['/bin/false']"
                : "['/bin/sh', '-c', 'sleep " + options.failAfterSeconds() + "; exit 1', 'sh']";
        return String.join("\n",
                "c.JupyterHub.bind_url = 'http://127.0.0.1:" + port + "'",
                "c.JupyterHub.hub_bind_url = 'http://127.0.0.1:" + hubPort + "'",
                "c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:" + apiPort + "'",
                "c.ConfigurableHTTPProxy.pid_file = '" + dir.resolve("proxy.pid") + "'",
                "c.JupyterHub.db_url = 'sqlite:///" + dir.resolve("jupyterhub.sqlite") + "'",
                "c.JupyterHub.cookie_secret_file = '" + dir.resolve("cookie_secret") + "'",
                "c.JupyterHub.authenticator_class = 'dummy'",
                "c.JupyterHub.spawner_class = 'simple'",
                "c.SimpleLocalProcessSpawner.home_dir_template = '" + dir.resolve("home") + "/{username}'",
                "c.Spawner.cmd = " + cmd,
                "c.Spawner.args = ['--allow-root']",
                "c.Spawner.environment = {'PATH': '" + path(install) + "'}",
                install.proxy() == null ? "" : "c.ConfigurableHTTPProxy.command = ['" + install.proxy() + "']",
                "c.Spawner.ip = '127.0.0.1'",
                // a failing spawner gives up fast, and the spawn request returns at once (progress stream path)
                options.spawnerFails() ? "c.Spawner.http_timeout = " + (4 + options.failAfterSeconds())
                        + "\nc.Spawner.start_timeout = " + (8 + options.failAfterSeconds()) + "\n"
                        + "c.JupyterHub.tornado_settings = {'slow_spawn_timeout': 0}" : "",
                "c.JupyterHub.services = [{'name': 'ci', 'api_token': '" + token + "'},"
                        + " {'name': 'weak', 'api_token': '" + weakToken + "'}]",
                "c.JupyterHub.load_roles = [{'name': 'smoke-tester', 'services': ['ci'],"
                        + " 'scopes': ['admin:users', 'admin:servers', 'access:servers']},"
                        + " {'name': 'weak', 'services': ['weak'], 'scopes': ['read:hub']}]",
                "");
    }

    /** {@code http://127.0.0.1:<port>}: the hub's public URL (through its proxy). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String token() {
        return token;
    }

    public String weakToken() {
        return weakToken;
    }

    /** The home directory the spawner gives {@code user}: the single-user server's and its kernels' working directory. */
    public Path home(String user) {
        return dir.resolve("home").resolve(user);
    }

    /** GET below the hub with the full token; the parsed body, or null on 404. */
    public JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Sends a request with the full token and returns the status. */
    public int call(String method, String path) throws IOException, InterruptedException {
        return send(method, path, method.equals("POST") ? "{}" : null).statusCode();
    }

    /** True when the hub still knows the user. */
    public boolean userExists(String user) throws IOException, InterruptedException {
        return api("/hub/api/users/" + user) != null;
    }

    /** Names of every user with a server (running or pending). */
    public List<String> usersWithServers() throws IOException, InterruptedException {
        JsonNode users = api("/hub/api/users");
        return Stream.of(users).flatMap(u -> java.util.stream.StreamSupport.stream(u.spliterator(), false))
                .filter(u -> u.path("servers").size() > 0 || !u.path("pending").isNull())
                .map(u -> u.path("name").asText()).toList();
    }

    /** Names of every user the hub knows. */
    public List<String> userNames() throws IOException, InterruptedException {
        return java.util.stream.StreamSupport.stream(api("/hub/api/users").spliterator(), false)
                .map(u -> u.path("name").asText()).toList();
    }

    /** The server state of the user's default server ({@code servers[""]}), or a missing node. */
    public JsonNode server(String user) throws IOException, InterruptedException {
        JsonNode model = api("/hub/api/users/" + user);
        return model == null ? JSON.missingNode() : model.path("servers").path("");
    }

    /** How many kernels run on the user's server (0 while it is not up). */
    public int kernels(String user) throws InterruptedException {
        try {
            HttpResponse<String> response = send("GET", "/user/" + user + "/api/kernels", null);
            return response.statusCode() == 200 ? JSON.readTree(response.body()).size() : 0;
        } catch (IOException notUp) {
            return 0;
        }
    }

    /** Single-user server processes still running under the hub. */
    public long singleUserProcesses() {
        return process.descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("jupyterhub-singleuser")).count();
    }

    public String logText() {
        try {
            return Files.readString(dir.resolve("jupyterhub.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the hub and everything it started, then deletes its directory. Idempotent. */
    public void stop() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void kill() {
        // children first listed, because after the hub ends they would be re-parented and out of reach
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "token " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/hub/api/")).timeout(Duration.ofSeconds(2))
                .GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("version")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("JupyterHub on " + url() + " did not answer /hub/api/ within " + READY_TIMEOUT
                + (process.isAlive() ? "" : " (it exited)") + "; its log:\n" + logText());
    }

    /** A loopback port nothing listens on (for "hub is down"). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
