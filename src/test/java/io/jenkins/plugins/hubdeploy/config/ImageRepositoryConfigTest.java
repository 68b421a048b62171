package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.image.RegistryClient;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ImageBuildRun;
import io.jenkins.plugins.hubdeploy.run.ImageResult;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The README's {@code hubdeploy.yaml} for an image repository (the image only, pinned into the deployment repository
 * by {@code pinHubImage}) loads as it is written there, with no chart and no environments (image-only), refuses to be
 * deployed, and builds and pushes with the real buildah to a real registry, from a Dockerfile or with the real
 * repo2docker from DataHub-style image files.
 */
class ImageRepositoryConfigTest {
    private static final Pattern IMAGE_REPOSITORY_BLOCK =
            Pattern.compile("(?s)```yaml\\n(# hubdeploy.yaml at the root of an image repository.*?)```");
    private static final String README_IMAGE = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image";

    @TempDir
    Path tmp;

    private static String readmeConfig() throws Exception {
        Matcher block = IMAGE_REPOSITORY_BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("the README shows an image repository's hubdeploy.yaml").isTrue();
        return block.group(1);
    }

    @Test
    void theReadmesImageRepositoryConfigurationHasNoPlaceholdersAndLoadsImageOnly() throws Exception {
        String yaml = readmeConfig();
        assertThat(yaml).doesNotContain("chart").doesNotContain("environments");
        Path repo = Files.createDirectories(tmp.resolve("user-image"));
        Files.writeString(repo.resolve("hubdeploy.yaml"), yaml);
        Files.writeString(repo.resolve("Dockerfile"), "FROM busybox\n");

        DeploymentConfig config = ConfigLoader.load(repo, null);

        assertThat(config.imageOnly()).isTrue();
        assertThat(config.chart()).isNull();
        assertThat(config.environments()).isEmpty();
        assertThat(config.images()).hasSize(1);
        ImageSpec image = config.images().get(0);
        assertThat(image.name()).isEqualTo(README_IMAGE);
        assertThat(image.pin()).as("built here, not a prebuilt pin").isNull();
        assertThat(image.dockerfile()).isEqualTo("Dockerfile");
        HubDeployException refused = catchThrowableOfType(HubDeployException.class, () -> config.environment("staging"));
        TestRepo.assertUsage(refused, "hubdeploy.yaml: image-only configuration (no chart/environments): deploy it from"
                + " the deployment repository; see pinHubImage");
    }

    @Test
    void theReadmesImageRepositoryBuildsAndPushesWithBuildahThenReusesTheTag() throws Exception {
        Path storage = tmp.resolve("storage");
        Map<String, String> env = BuildahFixture.env(storage);
        Path busybox = Components.require("busybox", BuildahFixture.INSTALL);
        try (RegistryFixture registry = RegistryFixture.start(tmp.resolve("registry"))) {
            Path repo = Files.createDirectories(tmp.resolve("user-image"));
            String name = registry.image("user-images/datahub-user-image").toString();
            Files.writeString(repo.resolve("hubdeploy.yaml"), readmeConfig().replace(README_IMAGE, name));
            Files.copy(busybox.toRealPath(), repo.resolve("busybox"));
            Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n");
            DeploymentConfig config = ConfigLoader.load(repo, null);
            CollectingLog log = new CollectingLog();
            ImageBuildRun build = new ImageBuildRun(new LocalProcessRunner(repo, log), new LocalAgent(repo), log, env);
            ImageBuildOptions push = new ImageBuildOptions(true, false, false, "buildah", null, null);

            List<ImageResult> first = build.run(config, push);
            List<ImageResult> second = build.run(config, push);

            assertThat(first).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo(name);
                assertThat(r.built()).isTrue();
                assertThat(r.pushed()).isTrue();
                assertThat(r.digest()).matches("sha256:[0-9a-f]{64}");
            });
            ImageResult built = first.get(0);
            assertThat(new RegistryClient(null, false, Duration.ofSeconds(20))
                    .manifestDigest(ImageName.parse(name), built.tag())).contains(built.digest());
            assertThat(second).singleElement().satisfies(r -> {
                assertThat(r.tag()).as("the same content tag").isEqualTo(built.tag());
                assertThat(r.built()).as("the registry has it: not built again").isFalse();
            });
        } finally {
            BuildahFixture.cleanup(storage);
        }
    }

    /**
     * DataHub's image repositories have no Dockerfile: environment.yml, apt.txt, postBuild. The image-only
     * hubdeploy.yaml builds them with the real repo2docker as hubploy's layout does. Its buildpacks' apt/conda
     * packages come from the internet, which tests may not reach, so (as in Repo2DockerImagesTest) repo2docker's
     * base_image is a busybox image on the loopback registry and the build stops at repo2docker's first RUN.
     */
    @Test
    void aRepo2dockerImageRepositoryIsBuiltByRepo2dockerWithItsBaseImageOption() throws Exception {
        Path storage = tmp.resolve("storage");
        Map<String, String> env = new HashMap<>(BuildahFixture.env(storage));
        env.put("HOME", System.getProperty("user.home"));
        try (RegistryFixture registry = RegistryFixture.start(tmp.resolve("registry"))) {
            CollectingLog log = new CollectingLog();
            String base = BuildahFixture.pushBusyboxBase(Files.createDirectories(tmp.resolve("base-repo")), registry,
                    env, log);

            Path repo = Files.createDirectories(tmp.resolve("course-image"));
            String name = registry.image("user-images/course-image").toString();
            Files.writeString(repo.resolve("hubdeploy.yaml"), readmeConfig().replace(README_IMAGE, name)
                    + "    repo2docker: {base_image: \"" + base + "\"}\n");
            Files.writeString(repo.resolve("environment.yml"), "dependencies:\n  - python=3.11\n  - numpy\n");
            Files.writeString(repo.resolve("apt.txt"), "less\n");
            DeploymentConfig config = ConfigLoader.load(repo, null);
            assertThat(config.images().get(0).source()).isEqualTo(ImageSource.REPO2DOCKER);

            HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new ImageBuildRun(
                    new LocalProcessRunner(repo, log), new LocalAgent(repo), log, env)
                    .run(config, new ImageBuildOptions(true, false, false, "buildah", null, null)));

            assertThat(log.text()).contains(". uses CondaBuildPack")
                    .contains("building repo2docker's CondaBuildPack context with buildah")
                    .contains("FROM " + base);
            assertThat(e).as("the build must stop at the first RUN (apt-get needs the internet)").isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("apt-get");
        } finally {
            BuildahFixture.cleanup(storage);
        }
    }
}
