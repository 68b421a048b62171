package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        assertThat(config.notes()).containsExactly(
                FILE + ": images.registry (provider gcloud, project example) is hubploy's registry login and is not"
                        + " used: in Jenkins the registry login comes from the step's credentialsId (CLI: --registry-user"
                        + " and --registry-password-env), else from the builder's own login (docker config.json /"
                        + " containers auth.json)",
                FILE + ": cluster (provider aws, project 0, cluster c, zone us-west-2) is hubploy's cluster login and is"
                        + " not used: in Jenkins the cluster comes from withKubeConfig (CLI: KUBECONFIG); hubploy's service"
                        + " key files are never read");
    }

    @Test
    void noImagesSectionMeansNothingToBuild() throws Exception {
        write(FILE, "cluster: {provider: gcloud}\n");
        assertThat(ConfigLoader.load(dir, "d1").images()).isEmpty();
    }

    @Test
    void pinnedTagIsAPrebuiltImageAndItsPathIsNotUsed() throws Exception {
        write(FILE, "images:\n  images:\n    - name: gcr.io/example/user-image:abc123\n      path: no-such-dir\n");
        DeploymentConfig config = ConfigLoader.load(dir, "d1");
        ImageSpec image = config.images().get(0);
        assertThat(image.prebuilt()).isTrue();
        assertThat(image.name()).isEqualTo("gcr.io/example/user-image");
        assertThat(image.pin()).isEqualTo("abc123");
        assertThat(image.pinnedTag()).isEqualTo("abc123");
        assertThat(image.pinnedDigest()).isNull();
        assertThat(image.context()).isNull();
        assertThat(image.valuesPath()).isEqualTo("jupyterhub.singleuser.image");
        assertThat(config.notes()).singleElement().asString().contains("images.images[0].path is not used")
                .contains("pinned (abc123)");
    }

    @Test
    void pinsByDigestAndByTagAndDigest() throws Exception {
        String digest = "sha256:" + "ab".repeat(32);
        write(FILE, "images:\n  images:\n    - name: gcr.io/example/a@" + digest + "\n"
                + "    - name: localhost:5000/b:v1@" + digest + "\n      helm_substitution_path: extra.image\n");
        List<ImageSpec> images = ConfigLoader.load(dir, "d1").images();
        assertThat(images.get(0).pin()).isEqualTo(digest);
        assertThat(images.get(0).pinnedTag()).isNull();
        assertThat(images.get(0).pinnedDigest()).isEqualTo(digest);
        assertThat(images.get(1).name()).isEqualTo("localhost:5000/b");
        assertThat(images.get(1).pinnedTag()).isEqualTo("v1");
        assertThat(images.get(1).pinnedDigest()).isEqualTo(digest);
        assertThat(images.get(1).valuesPath()).isEqualTo("extra.image");
    }

    @Test
    void singleImageFormPinsAndNeedsNoImageDirectory() throws Exception {
        Files.delete(dir.resolve("deployments/d1/image/Dockerfile"));
        Files.delete(dir.resolve("deployments/d1/image"));
        write(FILE, "images:\n  image_name: gcr.io/example/user-image:381ff83b5850\n  image_config_path: a.b\n");
        ImageSpec image = ConfigLoader.load(dir, "d1").images().get(0);
        assertThat(image.prebuilt()).isTrue();
        assertThat(image.pin()).isEqualTo("381ff83b5850");
        assertThat(image.valuesPath()).isEqualTo("a.b");
    }

    @Test
    void aLaterPinnedImageWithoutSubstitutionPathIsRecordedButNotSet() throws Exception {
        write(FILE, "images:\n  images:\n    - name: gcr.io/example/one:1\n    - name: gcr.io/example/two:2\n");
        DeploymentConfig config = ConfigLoader.load(dir, "d1");
        assertThat(config.images()).extracting(ImageSpec::valuesPath).containsExactly("jupyterhub.singleuser.image", null);
        assertThat(config.notes()).singleElement().asString().contains("images.images[1].name")
                .contains("has no helm_substitution_path").contains("not set in the values");
    }

    @Test
    void invalidPins() throws Exception {
        fails("images:\n  images:\n    - name: gcr.io/example/user-image:-bad\n",
                FILE + ", line 3, images.images[0].name: 'gcr.io/example/user-image:-bad' pins the tag '-bad',"
                        + " which is not a valid image tag");
        fails("images:\n  images:\n    - name: gcr.io/example/user-image@sha256:abc\n",
                FILE + ", line 3, images.images[0].name:", "pins the digest 'sha256:abc', which is not sha256:<64 hex digits>");
    }

    @Test
    void builtLaterImageMustSayWhereItGoes() throws Exception {
        fails("images:\n  images:\n    - name: gcr.io/example/a\n      path: image\n"
                        + "    - name: gcr.io/example/b\n      path: images/extra\n",
                "images.images[1].helm_substitution_path: helm_substitution_path 'jupyterhub.singleuser.image' is"
                        + " already used by image gcr.io/example/a");
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
    void imageDirectoryWithoutDockerfileIsBuiltByRepo2dockerWithHubploysSettings() throws Exception {
        write("deployments/d1/r2d/environment.yml", "dependencies: [python]\n");
        write(FILE, "images:\n  images:\n    - name: gcr.io/example/user-image\n      path: r2d\n"
                + "      repo2docker:\n        base_image: docker.io/library/buildpack-deps:jammy\n");
        ImageSpec image = ConfigLoader.load(dir, "d1").images().get(0);
        assertThat(image.source()).isEqualTo(ImageSource.REPO2DOCKER);
        assertThat(image.context()).isEqualTo("deployments/d1/r2d");
        assertThat(image.dockerfile()).isNull();
        assertThat(image.repo2docker()).containsEntry("base_image", "docker.io/library/buildpack-deps:jammy")
                .containsEntry("user_id", "1000").containsEntry("user_name", "jovyan")
                .containsEntry("target_repo_dir", "/srv/repo");
    }

    @Test
    void unknownRepo2dockerOption() throws Exception {
        write("deployments/d1/r2d/environment.yml", "dependencies: [python]\n");
        fails("images:\n  images:\n    - name: gcr.io/example/user-image\n      path: r2d\n"
                        + "      repo2docker:\n        base_imag: x\n",
                FILE + ", line 6, images.images[0].repo2docker.base_imag: unknown key 'base_imag' (did you mean"
                        + " 'base_image'?)", "Allowed here: base_image, user_id, user_name, target_repo_dir");
    }

    @Test
    void repo2dockerOptionsBesideADockerfileAreNotUsed() throws Exception {
        write(FILE, "images:\n  images:\n    - name: gcr.io/example/user-image\n      path: image\n"
                + "      repo2docker: {base_image: x}\n");
        DeploymentConfig config = ConfigLoader.load(dir, "d1");
        assertThat(config.images().get(0).source()).isEqualTo(ImageSource.DOCKERFILE);
        assertThat(config.notes()).singleElement().asString().contains("repo2docker options")
                .contains("has a Dockerfile");
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
