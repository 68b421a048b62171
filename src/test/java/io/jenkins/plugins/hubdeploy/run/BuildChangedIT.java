package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.kube.DeployRecordStore;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code build --changed} against REAL components: the deploy records are ConfigMaps in the real test cluster
 * ({@link TestCluster}), read by the real kubectl with the read-only preflight kubeconfig (what a pull request gets),
 * real git decides what changed, real buildah builds and pushes to a real registry. Three hubs build one shared image
 * directory (as DataHub 2021's data100 and r build ../datahub/images/default) and a fourth has its own: a change to
 * the shared image builds it once for the three, and the fourth is skipped, its image never built. Then the CLI jar
 * itself, with KUBECONFIG in its environment, reports the fourth as not built.
 */
class BuildChangedIT {
    private static final List<String> SHARING = List.of("datahub", "data100", "r");

    private static TestCluster cluster;
    private static RegistryFixture registry;
    private static Path root;
    private static Path repo;
    private static Map<String, String> env;
    private static final Map<String, String> NAMESPACES = new LinkedHashMap<>();

    @BeforeAll
    static void fourHubsLiveAtHead() throws Exception {
        Components.require("git", "apt-get install -y git");
        Components.require("buildah", BuildahFixture.INSTALL);
        cluster = TestCluster.shared();
        root = Files.createTempDirectory("hubdeploy-build-changed-");
        registry = RegistryFixture.start(root.resolve("registry"));
        repo = Files.createDirectories(root.resolve("repo"));
        write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        write("deployments/datahub/images/default/Dockerfile", "FROM scratch\nCOPY f.txt /\n");
        write("deployments/datahub/images/default/f.txt", "shared\n");
        write("deployments/solo/image/Dockerfile", "FROM scratch\nCOPY f.txt /\n");
        write("deployments/solo/image/f.txt", "solo\n");
        for (String d : List.of("datahub", "data100", "r", "solo")) {
            String namespace = cluster.newNamespace("build-changed-" + d);
            NAMESPACES.put(d, namespace);
            String image = registry.image("user-images/" + (d.equals("solo") ? "solo" : "shared")).toString();
            String context = d.equals("solo") ? "image" : d.equals("datahub") ? "images/default" : "../datahub/images/default";
            write("deployments/" + d + "/hubdeploy.yaml", "images:\n  - name: " + image + "\n    context: " + context
                    + "\nenvironments:\n  staging: {namespace: " + namespace + ", values: [config/common.yaml]}\n");
            write("deployments/" + d + "/config/common.yaml", "hub: " + d + "\n");
        }
        ExampleRepo.git(repo, "init", "-q", "-b", "staging");
        ExampleRepo.git(repo, "add", "-A");
        ExampleRepo.git(repo, "commit", "-qm", "four hubs, live in staging");
        String live = head();
        for (Map.Entry<String, String> hub : NAMESPACES.entrySet()) {
            liveRecord(hub.getKey(), hub.getValue(), live);
        }
        env = new HashMap<>(BuildahFixture.env(root.resolve("storage")));
        env.put("KUBECONFIG", cluster.preflightKubeconfig().toString());
        env.put("KUBECTL_BIN", cluster.env().get("KUBECTL_BIN"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (registry != null) {
                registry.stop();
            }
        } finally {
            if (root != null) {
                BuildahFixture.cleanup(root);
            }
        }
    }

    /** The ConfigMap a deploy of {@code commit} leaves, applied as the cluster admin. */
    private static void liveRecord(String deployment, String namespace, String commit) throws Exception {
        String release = deployment + "-staging";
        DeployRecord record = new DeployRecord(deployment, "staging", release, namespace, 1, "deployed", "hub",
                "0.1.0", List.of(), "0".repeat(64), commit, null, false, "2026-11-30T00:00:00Z", null, "v3.22.0");
        Path manifest = root.resolve("record-" + deployment + ".json");
        Files.writeString(manifest, DeployRecordStore.manifest(namespace, release, record.toJson()));
        cluster.kubectl("apply", "-f", manifest.toString());
    }

    @Test
    void aSharedImageChangeBuildsItOnceForItsHubsAndTheUnchangedHubIsSkipped() throws Exception {
        Files.writeString(repo.resolve("deployments/datahub/images/default/f.txt"), "a new package\n",
                StandardOpenOption.APPEND);
        ExampleRepo.git(repo, "commit", "-qam", "change the shared image");
        CollectingLog log = new CollectingLog();

        List<EachDeployment.Outcome> outcomes = new ManyDeployments(new LocalProcessRunner(repo, log),
                new LocalAgent(repo), log, env).build(new DeploymentSelection("all"),
                new ImageBuildOptions(true, false, false, "buildah", null, null), ChangedOnly.sinceLive("staging"), 2);

        Map<String, EachDeployment.Outcome> byName = new LinkedHashMap<>();
        outcomes.forEach(o -> byName.put(o.deployment(), o));
        for (String d : SHARING) {
            assertThat(byName.get(d).status()).as(d + ": " + byName.get(d).detail()).isEqualTo("ok");
            assertThat(byName.get(d).result().get("change").toString())
                    .contains("deployments/datahub/images/default/f.txt");
        }
        assertThat(byName.get("solo").status()).isEqualTo("skipped");
        assertThat(byName.get("solo").detail()).startsWith("no input changed since the live commit ");
        List<Map<?, ?>> images = SHARING.stream()
                .<Map<?, ?>>map(d -> (Map<?, ?>) ((List<?>) byName.get(d).result().get("images")).get(0)).toList();
        // built once: by the first hub (shared with any running beside it), found in the registry by a later one
        assertThat(images).anySatisfy(i -> assertThat(i.get("pushed")).isEqualTo(true));
        assertThat(images.stream().map(i -> i.get("image") + "@" + i.get("digest")).distinct()).singleElement()
                .isEqualTo(images.get(0).get("image") + "@" + BuildahFixture.skopeoDigest(
                        images.get(0).get("image").toString(), null));
        // the registry is the witness: the shared image is there, the skipped hub's image was never built or pushed
        assertThat(catalog()).contains("user-images/shared").doesNotContain("user-images/solo");
        assertThat(log.text()).contains("[solo] changed: not building solo for staging: no input changed")
                .contains("4 deployment(s): 3 ok, 1 skipped, 0 failed");

        cliReportsTheUnchangedHubNotBuilt();
    }

    /** The CLI as a user runs it, reading the record with the KUBECONFIG of its environment. */
    private void cliReportsTheUnchangedHubNotBuilt() throws Exception {
        Path jar = Path.of(System.getProperty("hubdeploy.cli.jar", "target/hubdeploy.jar"));
        if (!Files.isRegularFile(jar)) {
            Components.unavailable(jar + " is missing: run mvn package first");
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "build", "-C", repo.toString(), "-d", "solo", "--changed", "--builder",
                "buildah"));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("hubdeploy build finished").isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("solo: not built: no input changed since the live commit ");
        assertThat(catalog()).doesNotContain("user-images/solo");
    }

    private static String head() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String catalog() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + registry.hostPort()
                + "/v2/_catalog")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void write(String relative, String content) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
