package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** hubploy.yaml read as-is, and its invalid forms. */
class HubployLayoutTest {
    private static final String FILE = "deployments/d1/hubploy.yaml";

    @TempDir
    Path dir;

    @BeforeEach
    void layout() throws Exception {
        write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        write("deployments/d1/image/Dockerfile", "FROM scratch\n");
        write("deployments/d1/images/extra/Dockerfile", "FROM scratch\n");
        write("deployments/d1/config/common.yaml", "a: 1\n");
        write("deployments/d1/config/staging.yaml", "a: 2\n");
        write("deployments/d1/config/prod.yaml", "a: 3\n");
        write("deployments/d1/config/notes.txt", "not an environment\n");
    }

    private void write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String fails(String hubployYaml, String... fragments) throws Exception {
        write(FILE, hubployYaml);
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, "d1"));
        return TestRepo.assertUsage(e, fragments);
    }

    @Test
    void listFormWithSubstitutionPathsAndIgnoredCloudSections() throws Exception {
        write(FILE, """
                images:
                  images:
                    - name: gcr.io/example/user-image
                      path: image
                    - name: gcr.io/example/extra
                      path: images/extra
                      helm_substitution_path: extra.image
                  registry:
                    provider: gcloud
                    gcloud: {project: example, service_key: gcr-key.json}
                cluster:
                  provider: aws
                  aws: {project: "0", zone: us-west-2, cluster: c, service_key: aws-eks-config.cfg}
                """);
        DeploymentConfig config = ConfigLoader.load(dir, null);
        assertThat(config.images()).extracting(ImageSpec::name, ImageSpec::context, ImageSpec::valuesPath)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gcr.io/example/user-image", "deployments/d1/image",
                                "jupyterhub.singleuser.image"),
                        org.assertj.core.groups.Tuple.tuple("gcr.io/example/extra", "deployments/d1/images/extra",
                                "extra.image"));
        assertThat(config.environments().keySet()).containsExactly("staging", "prod");
        assertThat(config.environment("prod").values()).containsExactly("deployments/d1/config/common.yaml",
                "deployments/d1/config/prod.yaml");
    }

    @Test
    void noImagesSectionMeansNothingToBuild() throws Exception {
        write(FILE, "cluster: {provider: gcloud}\n");
        assertThat(ConfigLoader.load(dir, "d1").images()).isEmpty();
    }

    @Test
    void pinnedTagIsExplained() throws Exception {
        fails("images:\n  images:\n    - name: gcr.io/example/user-image:abc123\n      path: image\n",
                FILE + ", line 3, images.images[0].name: 'gcr.io/example/user-image:abc123' pins a tag",
                "derives its tag from the content");
    }

    @Test
    void unknownKeyUnderImages() throws Exception {
        fails("images:\n  image_nmae: gcr.io/example/user-image\n",
                FILE + ", line 2, images.image_nmae: unknown key 'image_nmae' (did you mean 'image_name'?)");
    }

    @Test
    void unknownTopLevelKey() throws Exception {
        fails("imagse: {}\n", FILE + ", line 1, imagse: unknown key 'imagse' (did you mean 'images'?)",
                "Allowed here: images, cluster");
    }

    @Test
    void listEntryWithoutPath() throws Exception {
        fails("images:\n  images:\n    - name: gcr.io/example/user-image\n",
                FILE + ", line 3, images.images[0].path: required field 'path' is missing");
    }

    @Test
    void imageDirectoryWithoutDockerfile() throws Exception {
        write("deployments/d1/r2d/environment.yml", "dependencies: [python]\n");
        fails("images:\n  images:\n    - name: gcr.io/example/user-image\n      path: r2d\n",
                FILE + ", line 4, images.images[0].path: the image directory deployments/d1/r2d has no Dockerfile",
                "repo2docker --no-build --debug");
    }

    @Test
    void singleImageFormNeedsImageDirectory() throws Exception {
        Files.delete(dir.resolve("deployments/d1/image/Dockerfile"));
        Files.delete(dir.resolve("deployments/d1/image"));
        fails("images:\n  image_name: gcr.io/example/user-image\n",
                FILE + ", line 2, images.image_name: the image directory 'image' does not exist");
    }

    @Test
    void invalidImageName() throws Exception {
        fails("images:\n  image_name: gcr.io/Example/user-image\n",
                FILE + ", line 2, images.image_name: invalid image name:", "path component 'Example'");
    }

    @Test
    void missingHubChart() throws Exception {
        Files.delete(dir.resolve("hub/Chart.yaml"));
        fails("images: {}\n", FILE + ": no chart", "hub/Chart.yaml does not exist",
                "write deployments/d1/hubdeploy.yaml with chart.path");
    }

    @Test
    void unknownEnvironmentSaysHowToAddOne() throws Exception {
        write(FILE, "images: {}\n");
        DeploymentConfig config = ConfigLoader.load(dir, "d1");
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> config.environment("production"));
        TestRepo.assertUsage(e, "unknown environment 'production'", "defines staging, prod",
                "add config/production.yaml next to " + FILE);
    }
}
