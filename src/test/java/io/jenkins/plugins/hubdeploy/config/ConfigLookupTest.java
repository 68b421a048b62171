package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Which file is read for which deployment name, and the messages when none fits. */
class ConfigLookupTest {
    private static final String ROOT_FILE = """
            name: course
            images:
              - name: registry.example.org/course/user-image
                context: image
            environments:
              staging: {values: [values/staging.yaml]}
            """;

    @TempDir
    Path dir;

    private void write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void rootLayout(String content) throws Exception {
        write("hubdeploy.yaml", content);
        write("image/Dockerfile", "FROM scratch\n");
        write("values/staging.yaml", "a: 1\n");
        write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
    }

    @Test
    void rootFileIsFoundWithoutAndWithItsName() throws Exception {
        rootLayout(ROOT_FILE);
        DeploymentConfig config = ConfigLoader.load(dir, null);
        assertThat(config.deployment()).isEqualTo("course");
        assertThat(config.configFile()).isEqualTo("hubdeploy.yaml");
        assertThat(config.images().get(0).context()).isEqualTo("image");
        assertThat(config.environment("staging").namespace()).isEqualTo("course-staging");
        assertThat(config.environment("staging").values()).containsExactly("values/staging.yaml");
        assertThat(ConfigLoader.load(dir, "course")).isEqualTo(config);
        assertThat(ConfigLoader.listDeployments(dir)).containsExactly("course");
    }

    @Test
    void rootFileWithoutNameIsNamedAfterTheDirectory(@TempDir Path parent) throws Exception {
        dir = Files.createDirectory(parent.resolve("physics-hub"));
        rootLayout(ROOT_FILE.replace("name: course\n", ""));
        assertThat(ConfigLoader.load(dir, null).deployment()).isEqualTo("physics-hub");
        assertThat(ConfigLoader.load(dir, "physics-hub").environment("staging").namespace())
                .isEqualTo("physics-hub-staging");
    }

    @Test
    void deploymentDirectoryWinsOverRootFile() throws Exception {
        rootLayout(ROOT_FILE);
        write("deployments/course/hubdeploy.yaml", "images: []\nchart: {path: ../../hub}\nenvironments: {prod: {}}\n");
        DeploymentConfig config = ConfigLoader.load(dir, "course");
        assertThat(config.configFile()).isEqualTo("deployments/course/hubdeploy.yaml");
        assertThat(config.environments()).containsOnlyKeys("prod");
        assertThat(config.environment("prod").values()).isEmpty();
    }

    @Test
    void hubdeployYamlWinsOverHubployYamlInTheSameDirectory() throws Exception {
        rootLayout(ROOT_FILE);
        write("deployments/a/hubploy.yaml", "images: {image_name: INVALID}\n");
        write("deployments/a/hubdeploy.yaml", "environments: {prod: {}}\n");
        assertThat(ConfigLoader.load(dir, "a").configFile()).isEqualTo("deployments/a/hubdeploy.yaml");
    }

    @Test
    void unknownDeploymentListsTheKnownOnes() throws Exception {
        rootLayout(ROOT_FILE);
        write("deployments/biology/hubploy.yaml", "images: {}\n");
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, "biolgy"));
        TestRepo.assertUsage(e, "Unknown deployment 'biolgy' (did you mean 'biology'?)",
                "looked for deployments/biolgy/hubdeploy.yaml, deployments/biolgy/hubploy.yaml and a root hubdeploy.yaml",
                "This repository defines: course, biology; pass one of those with -d.");
    }

    @Test
    void severalDeploymentsWithoutNameAsksForOne() throws Exception {
        write("deployments/a/hubploy.yaml", "images: {}\n");
        write("deployments/b/hubdeploy.yaml", "environments: {prod: {}}\n");
        write("deployments/not-a-deployment/README.md", "no config here\n");
        assertThat(ConfigLoader.listDeployments(dir)).containsExactly("a", "b");
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, null));
        TestRepo.assertUsage(e, "This repository has 2 deployments (a, b); pass -d NAME to choose one.");
    }

    @Test
    void emptyRepository() throws Exception {
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, null));
        TestRepo.assertUsage(e, "No deployment configuration in", "expected hubdeploy.yaml at the repository root",
                "deployments/<name>/hubploy.yaml");
        assertThat(ConfigLoader.listDeployments(dir)).isEmpty();
    }

    @Test
    void deploymentNameMustNotBeAPath() throws Exception {
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, "../etc"));
        TestRepo.assertUsage(e, "Deployment name '../etc' is not a name");
    }

    @Test
    void missingRepositoryRoot() {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> ConfigLoader.load(dir.resolve("nope"), null));
        TestRepo.assertUsage(e, "is not a directory", "-C DIR");
    }

    @Test
    void configFileSymlinkedFromOutsideIsRefused(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("hubdeploy.yaml"), "environments: {prod: {}}\n");
        Files.createDirectories(dir.resolve("deployments/x"));
        Files.createSymbolicLink(dir.resolve("deployments/x/hubdeploy.yaml"), outside.resolve("hubdeploy.yaml"));
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, "x"));
        TestRepo.assertUsage(e, "deployments/x/hubdeploy.yaml: is a symbolic link to a file outside the repository");
    }

    @Test
    void noEnvironmentsAnywhere() throws Exception {
        write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        write("deployments/x/hubdeploy.yaml", "images: []\n");
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, null));
        TestRepo.assertUsage(e, "deployments/x/hubdeploy.yaml, line 1, environments: no environments",
                "Add environments:");
    }

    @Test
    void noChartAnywhere() throws Exception {
        write("deployments/x/hubdeploy.yaml", "environments: {prod: {}}\n");
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> ConfigLoader.load(dir, null));
        TestRepo.assertUsage(e, "deployments/x/hubdeploy.yaml, chart.path: no chart",
                "Set chart.path to the chart directory (relative to deployments/x/)");
    }
}
