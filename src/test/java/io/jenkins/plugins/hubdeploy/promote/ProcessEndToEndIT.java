package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.PipelineRun;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The whole process on REAL components, as bin/demo runs it: real git (a bare origin with staging and prod), a real
 * registry with the example's images built and pushed by real buildah, real helm 3 and kubectl against the real test
 * cluster ({@link TestCluster}: kube-apiserver with kwok nodes), two real JupyterHubs as the staging and the prod hub.
 * {@code run --env staging} (merge promotion) then {@code run --env prod}: prod gets the digests tested on staging.
 * Then a broken change: staging's smoke test fails, the failure is recorded, the promotion is refused, and prod's
 * branch, release and evidence stay as they were.
 */
class ProcessEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    private static RegistryFixture registry;
    private static Map<String, String> buildah;
    private static JupyterHubFixture stagingHub;
    private static JupyterHubFixture prodHub;
    private static TestCluster cluster;

    @TempDir
    Path tmp;
    private final CollectingLog log = new CollectingLog();

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.shared();
        root = Files.createTempDirectory("hubdeploy-e2e");
        buildah = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
        stagingHub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
        prodHub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        for (JupyterHubFixture hub : new JupyterHubFixture[] {stagingHub, prodHub}) {
            if (hub != null) {
                hub.stop();
            }
        }
        if (registry != null) {
            registry.stop();
        }
        BuildahFixture.cleanup(root.resolve("storage"));
    }

    private PipelineRun engine(Path clone) {
        Map<String, String> env = new HashMap<>(cluster.env());
        env.putAll(buildah);
        return new PipelineRun(new LocalProcessRunner(clone, log), new LocalAgent(clone),
                SerializableBuildLog.inProcess(log), env, Clock.systemUTC());
    }

    private static PipelineRun.Options options(String environment, JupyterHubFixture hub) {
        return new PipelineRun.Options(environment, "merge", null, null, hub.token(), null, Duration.ofMinutes(2));
    }

    @Test
    void aTestedChangeReachesProdWithTheSameDigestsAndABrokenOneNeverDoes() throws Exception {
        String stagingNs = cluster.newNamespace("e2e-staging");
        String prodNs = cluster.newNamespace("e2e-prod");
        Path seed = ExampleRepo.datahub(tmp.resolve("seed"), registry.hostPort(), "e2e-" + System.nanoTime());
        Path yaml = seed.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(yaml, Files.readString(yaml)
                .replace("namespace: \"{deployment}-staging\"", "namespace: " + stagingNs)
                .replace("namespace: \"{deployment}-prod\"", "namespace: " + prodNs)
                .replace("hubUrl: https://staging.datahub.example.org", "hubUrl: " + stagingHub.url())
                .replace("hubUrl: https://datahub.example.org", "hubUrl: " + prodHub.url())
                .replace("timeout: 600", "timeout: 120"));
        Files.writeString(seed.resolve(".gitignore"), ".hubdeploy/\nhubdeploy-smoke*\n");
        ExampleRepo.git(seed, "add", "-A");
        ExampleRepo.git(seed, "commit", "-qm", "the e2e hubs");
        Path origin = tmp.resolve("origin.git");
        PromoteRepos.git(tmp, "init", "-q", "--bare", origin.toString());
        ExampleRepo.git(seed, "push", "-q", origin.toString(), "HEAD:refs/heads/staging", "HEAD:refs/heads/prod");

        Path ci = clone(origin, "ci", "staging");
        List<PipelineRun.Stage> staging = engine(ci).run(PromoteRepos.config(ci), options("staging", stagingHub));
        assertThat(staging).extracting(PipelineRun.Stage::result).containsOnly("ok");
        assertThat(ref(origin, "prod")).as("merged into prod").isEqualTo(PromoteRepos.head(ci));

        Path prod = clone(origin, "prod-build", "prod");
        engine(prod).run(PromoteRepos.config(prod), options("prod", prodHub));
        assertThat(digests(prod.resolve(".hubdeploy/deploy-prod.json")))
                .as("prod runs exactly the digests tested on staging")
                .isEqualTo(digests(ci.resolve(".hubdeploy/deploy-staging.json"))).isNotEmpty();
        String userImage = cluster.kubectl("get", "configmap", "datahub-prod-images", "-n", prodNs, "-o",
                "jsonpath={.data.user-image}");
        String stagingTag = JSON.readTree(ci.resolve(".hubdeploy/deploy-staging.json").toFile()).at("/images/0/tag").asText();
        assertThat(stagingTag).startsWith("h");
        assertThat(userImage).as("the prod release's rendered image").endsWith(":" + stagingTag);
        String prodBefore = ref(origin, "prod");
        String releasesBefore = releases(prodNs);

        // a broken change merged to staging
        Path dev = clone(origin, "dev", "staging");
        Path devYaml = dev.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(devYaml, Files.readString(devYaml).replace("imports: [json, sqlite3]",
                "imports: [json, sqlite3, module_the_image_lacks]"));
        ExampleRepo.git(dev, "commit", "-qam", "use a module the image lacks");
        ExampleRepo.git(dev, "push", "-q", "origin", "staging");
        Path ci2 = clone(origin, "ci2", "staging");
        PipelineRun broken = engine(ci2);
        HubDeployException failure = catchThrowableOfType(HubDeployException.class,
                () -> broken.run(PromoteRepos.config(ci2), options("staging", stagingHub)));
        assertThat(failure.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(failure.getMessage()).contains("module_the_image_lacks");
        HubDeployException refused = catchThrowableOfType(HubDeployException.class, () -> PromoteRepos.engine(ci2, log,
                Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci2), PromoteOptions.of(PromoteMode.MERGE), null, null));
        assertThat(refused.getMessage()).contains("check 'result' failed");
        assertThat(ref(origin, "prod")).as("prod's branch").isEqualTo(prodBefore);
        assertThat(releases(prodNs)).as("prod's release history").isEqualTo(releasesBefore);
        assertThat(log.lines.toString()).doesNotContain(stagingHub.token()).doesNotContain(prodHub.token());
    }

    private static Path clone(Path origin, String name, String branch) throws Exception {
        Path dir = origin.getParent().resolve(name);
        PromoteRepos.git(origin.getParent(), "clone", "-q", "-b", branch, origin.toString(), dir.toString());
        return dir;
    }

    private static String ref(Path origin, String branch) throws Exception {
        return PromoteRepos.git(origin, "rev-parse", "refs/heads/" + branch).strip();
    }

    /** helm's release secrets in the namespace (one per revision). */
    private static String releases(String namespace) throws Exception {
        return cluster.kubectl("get", "secrets", "-n", namespace, "-l", "owner=helm", "-o", "name");
    }

    private static List<String> digests(Path record) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode image : JSON.readTree(record.toFile()).path("images")) {
            out.add(image.path("digest").asText());
        }
        return out;
    }
}
