package io.jenkins.plugins.hubdeploy.helm;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * DataHub's real hub/ chart (2021 snapshot: apiVersion v1, requirements.yaml pulling jupyterhub 1.1.2) gets its
 * dependency from a chart repository served over HTTP on loopback (index.yaml + a jupyterhub-1.1.2.tgz packed by
 * the real tar), with the real helm 3. The one change to the snapshot's chart: requirements.yaml's repository URL
 * points at the loopback repository instead of jupyterhub.github.io (tests contact loopback only).
 */
class ChartDependenciesTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private Path repo;
    private Path helm;
    private CollectingLog log;

    @BeforeEach
    void chartRepository() throws Exception {
        helm = Tools.helm3();
        Components.require("tar", "apt-get install -y tar");
        Path served = Files.createDirectories(tmp.resolve("served"));
        Path chart = Files.createDirectories(tmp.resolve("src/jupyterhub/templates"));
        Files.writeString(chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: jupyterhub\nversion: 1.1.2\n"
                + "appVersion: 1.4.2\n");
        Files.writeString(chart.resolveSibling("values.yaml"), "hub:\n  image: {name: jupyterhub/k8s-hub, tag: 1.1.2}\n");
        Files.writeString(chart.resolve("hub.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hub\n"
                + "data:\n  image: {{ .Values.hub.image.name | quote }}\n");
        Path tgz = served.resolve("jupyterhub-1.1.2.tgz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", tmp.resolve("src").toString(), "jupyterhub")
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tgz)));

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.writeString(served.resolve("index.yaml"), "apiVersion: v1\nentries:\n  jupyterhub:\n"
                + "  - apiVersion: v2\n    name: jupyterhub\n    version: 1.1.2\n    appVersion: 1.4.2\n"
                + "    created: \"2021-08-01T00:00:00Z\"\n    digest: " + digest + "\n"
                + "    urls:\n    - " + base + "/charts/jupyterhub-1.1.2.tgz\n"
                + "generated: \"2021-08-01T00:00:00Z\"\n");
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            Path file = served.resolve(exchange.getRequestURI().getPath().replaceFirst("^/(charts/)?", ""));
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();

        Path snapshot = RealHubSnapshots.unpack("2021", tmp.resolve("snapshot"));
        repo = Files.createDirectories(tmp.resolve("repo"));
        copy(snapshot.resolve("hub"), repo.resolve("hub"));
        pointRequirementsAt(base + "/charts/");
        log = new CollectingLog();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void pointRequirementsAt(String url) throws Exception {
        Path requirements = repo.resolve("hub/requirements.yaml");
        Files.writeString(requirements, Files.readString(requirements)
                .replaceAll("repository: \\S+", "repository: " + url));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    private void build() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = Map.of("HELM_BIN", helm.toString(), "HOME", home.toString(),
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        HelmCli cli = new HelmCli(new LocalProcessRunner(repo, log), env, new SecretMasker());
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        ChartSource chart = new LocalAgent(repo).run(new ChartSource.Read("hub", null));
        assertThat(chart.hasDependencies()).as("requirements.yaml of an apiVersion v1 chart counts").isTrue();
        new ChartDependencies(cli, new LocalAgent(repo), log).build("hub", chart.ref(), scratch.toString());
    }

    @Test
    void theRealHubChartGetsItsJupyterhubDependencyFromTheDeclaredRepository() throws Exception {
        build();

        assertThat(repo.resolve("hub/charts/jupyterhub-1.1.2.tgz")).isRegularFile();
        assertThat(requests).contains("/charts/index.yaml", "/charts/jupyterhub-1.1.2.tgz");
        // the agent's own helm configuration is never touched: the repository was added to the run's scratch config
        assertThat(tmp.resolve("home/.config/helm/repositories.yaml")).doesNotExist();
        assertThat(tmp.resolve("scratch/helm-repositories.yaml")).isRegularFile();
        assertThat(log.text()).contains("helm: building the dependencies of ./hub (jupyterhub 1.1.2)");
    }

    @Test
    void anUnreachableRepositoryIsExit3NamingItsUrl() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/helm-chart/";
        pointRequirementsAt(url);
        HubDeployException e = catchThrowableOfType(HubDeployException.class, this::build);

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("the chart repository " + url + " that hub/requirements.yaml names cannot"
                + " be reached").contains("vendor the dependency into hub/charts/");
        assertThat(repo.resolve("hub/charts")).doesNotExist();
    }

    @Test
    void aVersionTheRepositoryLacksIsExit1NamingTheFile() throws Exception {
        Path requirements = repo.resolve("hub/requirements.yaml");
        Files.writeString(requirements, Files.readString(requirements).replace("version: 1.1.2", "version: 9.9.9"));
        HubDeployException e = catchThrowableOfType(HubDeployException.class, this::build);

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("helm dependency build ./hub failed").contains("9.9.9")
                .contains("hub/requirements.yaml");
    }
}
