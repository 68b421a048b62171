package io.jenkins.plugins.hubdeploy.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code hubdeploy.yaml} for an image repository (the image only, pinned into the deployment repository
 * by {@code pinHubImage}) loads as it is written there, with its Dockerfile beside it.
 */
class ImageRepositoryConfigTest {
    private static final Pattern IMAGE_REPOSITORY_BLOCK =
            Pattern.compile("(?s)```yaml\\n(# hubdeploy.yaml at the root of an image repository.*?)```");

    @TempDir
    Path repo;

    @Test
    void theReadmesImageRepositoryConfigurationLoadsWithItsImageBuiltFromTheRoot() throws Exception {
        Matcher block = IMAGE_REPOSITORY_BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("the README shows an image repository's hubdeploy.yaml").isTrue();
        Files.writeString(repo.resolve("hubdeploy.yaml"), block.group(1));
        Files.writeString(repo.resolve("Dockerfile"), "FROM busybox\n");

        DeploymentConfig config = ConfigLoader.load(repo, null);

        assertThat(config.images()).hasSize(1);
        ImageSpec image = config.images().get(0);
        assertThat(image.name()).isEqualTo("us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image");
        assertThat(image.pin()).as("built here, not a prebuilt pin").isNull();
        assertThat(image.dockerfile()).isEqualTo("Dockerfile");
    }
}
