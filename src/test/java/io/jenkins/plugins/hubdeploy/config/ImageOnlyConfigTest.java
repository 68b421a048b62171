package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Which hubdeploy.yaml files are image-only (images, and nothing that names a hub: no chart key, no hub/Chart.yaml, no
 * environments key, no config/&lt;env&gt;.yaml), which keep today's "no chart" / "no environments" errors, and how an
 * image context without a Dockerfile is built (repo2docker, as in hubploy's layout) or refused.
 */
class ImageOnlyConfigTest {
    private static final String IMAGES = """
            images:
              - name: registry.example.org/user-images/course-image
                context: image
            """;

    @TempDir
    Path repo;

    private ImageOnlyConfigTest write(String relative, String content) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    private DeploymentConfig load() throws HubDeployException {
        return ConfigLoader.load(repo, null);
    }

    private String failsWith(String... fragments) {
        return TestRepo.assertUsage(catchThrowableOfType(HubDeployException.class, this::load), fragments);
    }

    @Test
    void imagesAloneAreAnImageOnlyConfigurationThatRefusesEveryEnvironment() throws Exception {
        write("hubdeploy.yaml", IMAGES + "build: {builder: buildah}\n").write("image/Dockerfile", "FROM scratch\n");

        DeploymentConfig config = load();

        assertThat(config.imageOnly()).isTrue();
        assertThat(config.chart()).isNull();
        assertThat(config.environments()).isEmpty();
        assertThat(config.build().builder()).isEqualTo("buildah");
        assertThat(config.images()).singleElement().satisfies(i -> {
            assertThat(i.source()).isEqualTo(ImageSource.DOCKERFILE);
            assertThat(i.dockerfile()).isEqualTo("image/Dockerfile");
        });
        for (String env : new String[]{"staging", "prod"}) {
            TestRepo.assertUsage(catchThrowableOfType(HubDeployException.class, () -> config.environment(env)),
                    "hubdeploy.yaml: image-only configuration (no chart/environments): deploy it from the deployment"
                            + " repository; see pinHubImage");
        }
        TestRepo.assertUsage(catchThrowableOfType(HubDeployException.class, config::requireDeployable),
                "hubdeploy.yaml: image-only configuration", "add chart and environments to hubdeploy.yaml");
    }

    @Test
    void aChartWithoutEnvironmentsKeepsTheNoEnvironmentsError() throws Exception {
        write("hubdeploy.yaml", IMAGES + "chart: {path: jupyterhub/jupyterhub}\n")
                .write("image/Dockerfile", "FROM scratch\n");
        failsWith("hubdeploy.yaml, line 1, environments: no environments: the file has no 'environments:'");
    }

    @Test
    void environmentsWithoutAChartKeepTheNoChartError() throws Exception {
        write("hubdeploy.yaml", IMAGES + "environments: {staging: {}}\n").write("image/Dockerfile", "FROM scratch\n");
        failsWith("chart.path: no chart: chart.path is not set and the repository has no hub/Chart.yaml");
    }

    @Test
    void theRepositorysHubChartMakesItADeploymentThatLacksEnvironments() throws Exception {
        write("hubdeploy.yaml", IMAGES).write("image/Dockerfile", "FROM scratch\n")
                .write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        failsWith("no environments: the file has no 'environments:'");
    }

    @Test
    void configEnvFilesBesideTheFileMakeItADeploymentThatLacksAChart() throws Exception {
        write("hubdeploy.yaml", IMAGES).write("image/Dockerfile", "FROM scratch\n")
                .write("config/staging.yaml", "a: 1\n");
        failsWith("no chart: chart.path is not set and the repository has no hub/Chart.yaml");
    }

    @Test
    void noImagesIsNotImageOnly() throws Exception {
        write("hubdeploy.yaml", "images: []\n");
        failsWith("no chart");
    }

    @Test
    void smokeOrPromotionInAnImageOnlyConfigurationIsRefusedNamingTheKey() throws Exception {
        write("image/Dockerfile", "FROM scratch\n");
        write("hubdeploy.yaml", IMAGES + "smoke: {imports: [numpy]}\n");
        failsWith("hubdeploy.yaml, line 4, smoke: smoke is set, but hubdeploy.yaml is an image-only configuration",
                "Remove smoke", "or add chart and environments");
        write("hubdeploy.yaml", IMAGES + "promotion: {sourceBranch: staging}\n");
        failsWith("promotion: promotion is set, but hubdeploy.yaml is an image-only configuration");
    }

    @Test
    void aContextWithRepo2dockerFilesAndNoDockerfileIsBuiltByRepo2dockerWithHubploysSettings() throws Exception {
        write("hubdeploy.yaml", IMAGES
                        + "    repo2docker: {base_image: \"registry.example.org/base:v1\", user_id: \"1001\"}\n")
                .write("image/environment.yml", "dependencies: [numpy]\n").write("image/postBuild", "#!/bin/sh\n");

        ImageSpec image = load().images().get(0);

        assertThat(image.source()).isEqualTo(ImageSource.REPO2DOCKER);
        assertThat(image.context()).isEqualTo("image");
        assertThat(image.dockerfile()).isNull();
        assertThat(image.valuesPath()).isEqualTo("jupyterhub.singleuser.image");
        assertThat(image.repo2docker()).isEqualTo(Map.of("base_image", "registry.example.org/base:v1",
                "user_id", "1001", "user_name", "jovyan", "target_repo_dir", "/srv/repo"));
    }

    @Test
    void repo2dockerFilesInBinderCount() throws Exception {
        write("hubdeploy.yaml", IMAGES).write("image/binder/requirements.txt", "numpy\n");
        assertThat(load().images().get(0).source()).isEqualTo(ImageSource.REPO2DOCKER);
    }

    @Test
    void aContextWithNeitherDockerfileNorRepo2dockerFilesIsRefusedNamingBothWays() throws Exception {
        write("hubdeploy.yaml", IMAGES).write("image/README.md", "nothing to build\n");
        // word for word as docs/configuration.md#errors shows it
        assertThat(failsWith()).isEqualTo("hubdeploy.yaml, line 3, images[0].context: the build context image has no"
                + " Dockerfile and no repo2docker files (environment.yml, requirements.txt, setup.py, Pipfile, apt.txt,"
                + " postBuild, ...). Add a Dockerfile there (or set dockerfile: to one), or add repo2docker's files"
                + " (e.g. environment.yml) to build it with repo2docker.");
    }

    @Test
    void aNamedDockerfileThatIsMissingIsStillTheDockerfileError() throws Exception {
        write("hubdeploy.yaml", IMAGES + "    dockerfile: Containerfile\n").write("image/environment.yml", "x: 1\n");
        failsWith("images[0].dockerfile: the Dockerfile 'Containerfile' does not exist");
    }

    @Test
    void repo2dockerOptionsBesideADockerfileAreRefused() throws Exception {
        write("hubdeploy.yaml", IMAGES + "    repo2docker: {user_id: \"1000\"}\n")
                .write("image/Dockerfile", "FROM scratch\n");
        failsWith("images[0].repo2docker: repo2docker is set, but registry.example.org/user-images/course-image is"
                + " built from a Dockerfile (image/Dockerfile exists)", "Remove repo2docker");
    }

    @Test
    void dockerfileOnlyKeysOnARepo2dockerContextAreRefused() throws Exception {
        write("hubdeploy.yaml", IMAGES + "    buildArgs: {A: \"1\"}\n").write("image/environment.yml", "x: 1\n");
        failsWith("images[0].buildArgs: buildArgs is set, but image has no Dockerfile: repo2docker builds it");
    }

    @Test
    void badRepo2dockerOptionsAreRefusedAsInHubploysLayout() throws Exception {
        write("image/environment.yml", "x: 1\n");
        write("hubdeploy.yaml", IMAGES + "    repo2docker: {user_id: jovyan}\n");
        failsWith("images[0].repo2docker.user_id: user_id 'jovyan' is not a number");
        write("hubdeploy.yaml", IMAGES + "    repo2docker: {base: x}\n");
        failsWith("unknown key 'base'");
    }
}
