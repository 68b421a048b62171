package io.jenkins.plugins.hubdeploy.realhubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.image.BuildRequest;
import io.jenkins.plugins.hubdeploy.image.BuildahBuilder;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ImageBuildRun;
import io.jenkins.plugins.hubdeploy.run.ImageResult;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Prebuilt images pinned in hubploy.yaml (DataHub since 2024), against a real registry on loopback holding an image
 * pushed by buildah: the build reports them prebuilt and builds nothing; the deploy checks the pin in the registry,
 * records its digest (skopeo is the independent witness) and sets it at the values path. helm/kubectl are the
 * recording stand-ins (no helm binary or cluster here).
 */
class PrebuiltImageTest {
    private static Path root;
    private static RegistryFixture registry;
    private static ImageName image;
    private static String digest;
    private static int counter;

    private Path repo;
    private CollectingLog log;

    @BeforeAll
    static void pushAnImageBuiltElsewhere() throws Exception {
        root = Files.createTempDirectory("hubdeploy-prebuilt-test");
        Map<String, String> env = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
        Path elsewhere = Files.createDirectories(root.resolve("image-repo/img"));
        Files.writeString(elsewhere.resolve("Dockerfile"), "FROM scratch\nCOPY f.txt /\n");
        Files.writeString(elsewhere.resolve("f.txt"), "built in the image's own repository\n");
        CollectingLog log = new CollectingLog();
        Path imageRepo = root.resolve("image-repo");
        image = registry.image("user-images/a11y-user-image");
        ImageSpec spec = new ImageSpec(image.toString(), "img", "img/Dockerfile", "x", Map.of(), null);
        digest = new BuildahBuilder(new LocalProcessRunner(imageRepo, log), new LocalAgent(imageRepo), env, log)
                .build(new BuildRequest(spec, image, "9cb7ae26ffbe", true, false, null, null, false, null)).digest();
        assertThat(BuildahFixture.skopeoDigest(image.withTag("9cb7ae26ffbe"), null)).isEqualTo(digest);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (registry != null) {
                registry.stop();
            }
        } finally {
            BuildahFixture.cleanup(root);
        }
    }

    @BeforeEach
    void repository() throws Exception {
        repo = Files.createDirectories(root.resolve("deploy-repo-" + (++counter)));
        write("hub/Chart.yaml", "apiVersion: v1\nname: hub\nversion: 0.1.0\n");
        write("deployments/a11y/config/common.yaml", "jupyterhub:\n  singleuser:\n    defaultUrl: /lab\n");
        write("deployments/a11y/config/staging.yaml", "jupyterhub: {}\n");
        write("deployments/a11y/config/prod.yaml", "jupyterhub: {}\n");
        log = new CollectingLog();
    }

    private void write(String relative, String content) throws Exception {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private DeploymentConfig pin(String reference) throws Exception {
        write("deployments/a11y/hubploy.yaml", "images:\n  images:\n    - name: " + reference + "\n"
                + "cluster:\n  provider: gcloud\n  gcloud: {project: p, cluster: c, zone: z, service_key: gke-key.json}\n");
        ExampleRepo.git(repo, "init", "-q", "-b", "staging");
        ExampleRepo.git(repo, "add", "-A");
        ExampleRepo.git(repo, "commit", "-qm", "pin");
        return ConfigLoader.load(repo, "a11y");
    }

    /** The same pin written in a hubdeploy.yaml instead (environments from config/, chart hub/ by default). */
    private DeploymentConfig pinInHubdeployYaml(String reference) throws Exception {
        write("deployments/a11y/hubdeploy.yaml", "images:\n  - name: " + reference + "\n");
        ExampleRepo.git(repo, "init", "-q", "-b", "staging");
        ExampleRepo.git(repo, "add", "-A");
        ExampleRepo.git(repo, "commit", "-qm", "pin");
        return ConfigLoader.load(repo, "a11y");
    }

    private DeployRecord deploy(DeploymentConfig config, FakeHelmCluster cluster) throws Exception {
        return (DeployRecord) new DeployRun(cluster, new LocalAgent(repo), log, Map.of()).run(config,
                DeployOptions.defaults("staging"));
    }

    @Test
    void buildReportsThePinnedImagePrebuiltAndBuildsNothing() throws Exception {
        DeploymentConfig config = pin(image.withTag("9cb7ae26ffbe"));
        // buildah is not on the builder's PATH here: choosing a builder at all would fail the run
        List<ImageResult> results = new ImageBuildRun(new LocalProcessRunner(repo, log), new LocalAgent(repo), log,
                Map.of("PATH", "/nonexistent")).run(config, new ImageBuildOptions(true, false, false, "buildah", null, null));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.prebuilt()).isTrue();
            assertThat(r.built()).isFalse();
            assertThat(r.pushed()).isFalse();
            assertThat(r.toMap()).containsEntry("image", image.withTag("9cb7ae26ffbe")).containsEntry("prebuilt", true);
        });
        assertThat(log.text()).contains(image.withTag("9cb7ae26ffbe") + ": prebuilt (pinned in deployments/a11y/hubploy.yaml),"
                + " nothing to build here").contains("cluster (provider gcloud, project p, cluster c, zone z)");
    }

    @Test
    void deployChecksThePinRecordsItsDigestAndSetsItAtTheValuesPath() throws Exception {
        FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
        DeployRecord record = deploy(pin(image.withTag("9cb7ae26ffbe")), cluster);

        assertThat(record.images()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo(image.toString());
            assertThat(i.tag()).isEqualTo("9cb7ae26ffbe");
            assertThat(i.digest()).isEqualTo(digest);
            assertThat(i.valuesPath()).isEqualTo("jupyterhub.singleuser.image");
        });
        JsonNode saved = new ObjectMapper().readTree(repo.resolve(".hubdeploy/deploy-staging.json").toFile());
        assertThat(saved.path("images").get(0).path("digest").asText()).isEqualTo(digest);
        String generated = cluster.calls("helm", "upgrade").get(0).valuesFiles().stream()
                .filter(v -> v.contains("9cb7ae26ffbe")).findFirst().orElseThrow();
        assertThat(generated).contains("name: \"" + image + "\"").contains("tag: \"9cb7ae26ffbe\"");
        assertThat(log.text()).contains("image " + image.withTag("9cb7ae26ffbe") + " (prebuilt, pinned) is in the registry: "
                + digest);
    }

    @Test
    void aDigestPinIsLookedUpByDigestAndGivenToTheChartAsTheWholeName() throws Exception {
        FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
        DeployRecord record = deploy(pin(image + "@" + digest), cluster);

        assertThat(record.images().get(0).digest()).isEqualTo(digest);
        assertThat(record.images().get(0).reference()).isEqualTo(image + "@" + digest);
        String generated = cluster.calls("helm", "upgrade").get(0).valuesFiles().stream()
                .filter(v -> v.contains(digest)).findFirst().orElseThrow();
        assertThat(generated).contains("name: \"" + image + "@" + digest + "\"").contains("tag: \"\"");
    }

    @Test
    void aPinInHubdeployYamlIsPrebuiltToTheBuildAndCheckedAndRecordedByTheDeploy() throws Exception {
        DeploymentConfig config = pinInHubdeployYaml(image.withTag("9cb7ae26ffbe") + "@" + digest);
        assertThat(config.configFile()).isEqualTo("deployments/a11y/hubdeploy.yaml");
        List<ImageResult> results = new ImageBuildRun(new LocalProcessRunner(repo, log), new LocalAgent(repo), log,
                Map.of("PATH", "/nonexistent")).run(config, new ImageBuildOptions(true, false, false, "buildah", null, null));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.prebuilt()).isTrue();
            assertThat(r.built()).isFalse();
            assertThat(r.digest()).isEqualTo(digest);
        });
        assertThat(log.text()).contains(": prebuilt (pinned in deployments/a11y/hubdeploy.yaml), nothing to build here");

        FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
        DeployRecord record = deploy(config, cluster);
        assertThat(record.images()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo(image.toString());
            assertThat(i.digest()).isEqualTo(digest);
            assertThat(i.valuesPath()).isEqualTo("jupyterhub.singleuser.image");
        });
        assertThat(log.text()).contains("(prebuilt, pinned) is in the registry: " + digest);
    }

    @Test
    void aPinInHubdeployYamlTheRegistryLacksIsRefusedNamingThatFile() throws Exception {
        FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
        DeploymentConfig config = pinInHubdeployYaml(image.withTag("0000deadbeef"));
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> deploy(config, cluster));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("the registry does not have " + image.withTag("0000deadbeef")
                + ", pinned in deployments/a11y/hubdeploy.yaml");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    @Test
    void aPinTheRegistryDoesNotHaveIsRefusedNamingTheFileToFix() throws Exception {
        FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
        DeploymentConfig config = pin(image.withTag("0000deadbeef"));
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> deploy(config, cluster));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("the registry does not have " + image.withTag("0000deadbeef")
                + ", pinned in deployments/a11y/hubploy.yaml").contains("Push it from the repository that builds it");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }
}
