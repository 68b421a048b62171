package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.config.TestRepo.CONFIG;
import static io.jenkins.plugins.hubdeploy.config.TestRepo.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of invalid hubdeploy.yaml: exit 2, one message with file, line, field and what is expected. */
class ConfigValidationTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = new TestRepo(dir);
    }

    @Test
    void validFileLoadsWithDefaults() throws Exception {
        DeploymentConfig config = repo.config(VALID).load();

        assertThat(config.deployment()).isEqualTo("hub1");
        assertThat(config.images().get(0)).isEqualTo(new ImageSpec("registry.example.org/hub1/user-image",
                "deployments/hub1/image", "deployments/hub1/image/Dockerfile", "jupyterhub.singleuser.image",
                Map.of(), null));
        assertThat(config.chart()).isEqualTo(new ChartSpec("hub", "{deployment}-{env}", null));
        assertThat(config.environment("staging").namespace()).isEqualTo("hub1-staging");
        assertThat(config.environment("staging").hubUrl()).isEqualTo("https://staging.example.org");
        assertThat(config.environment("prod").hubUrl()).isNull();
        assertThat(config.smoke()).isEqualTo(new SmokeSpec("deployment-service-check", List.of("numpy"), List.of(), 600));
    }

    @Test
    void yamlSyntaxError() throws Exception {
        repo.config("images:\n  - name: x\n    context: [unclosed\nchart: {}\n");
        repo.failsWith(CONFIG + ", line ", "YAML syntax error", "Fix the YAML");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws Exception {
        repo.config("environments:\n  staging:\n    values: a\n   bad: indentation\n");
        String msg = repo.failsWith(CONFIG + ", line 4", "YAML syntax error");
        assertThat(msg).doesNotContain("in 'reader'");
    }

    @Test
    void unknownTopLevelKeySuggestsTheNearest() throws Exception {
        repo.config(VALID + "enviroments: {}\n");
        repo.failsWith(CONFIG + ", line 14, enviroments: unknown key 'enviroments' (did you mean 'environments'?)",
                "Allowed here: name, images, build, chart, environments, smoke");
    }

    @Test
    void unknownNestedKeyNamesTheDottedField() throws Exception {
        repo.config(VALID.replace("hubUrl: https://staging.example.org/", "hubUlr: https://staging.example.org/"));
        repo.failsWith(CONFIG + ", line 9, environments.staging.hubUlr: unknown key 'hubUlr' (did you mean 'hubUrl'?)");
    }

    @Test
    void unknownKeyFarFromAnyKnownOneListsTheAllowedKeys() throws Exception {
        repo.config(VALID.replace("    context: image", "    context: image\n    colour: blue"));
        String msg = repo.failsWith(CONFIG + ", line 4, images[0].colour: unknown key 'colour'",
                "Allowed here: name, context, dockerfile, valuesPath, buildArgs, target");
        assertThat(msg).doesNotContain("did you mean");
    }

    @Test
    void duplicateKey() throws Exception {
        repo.config(VALID + "smoke: {}\n");
        repo.failsWith(CONFIG + ", line 14, smoke: duplicate key 'smoke' (first defined on line 12)");
    }

    @Test
    void secondDocument() throws Exception {
        repo.config(VALID + "---\nname: other\n");
        repo.failsWith(CONFIG + ", line 15", "more than one YAML document");
    }

    @Test
    void wrongTypeListExpected() throws Exception {
        repo.config(VALID.replace("imports: [numpy]", "imports: numpy"));
        repo.failsWith(CONFIG + ", line 13, smoke.imports: expected a list, found the string 'numpy'",
                "Expected Python module names");
    }

    @Test
    void wrongTypeMappingExpected() throws Exception {
        repo.config(VALID.replace("chart:\n  path: ../../hub", "chart: ../../hub"));
        repo.failsWith(CONFIG + ", line 4, chart: expected a mapping (key: value lines), found the string '../../hub'");
    }

    @Test
    void tagLikeValueMustBeAString() throws Exception {
        repo.config(VALID.replace("    context: image", "    context: image\n    buildArgs:\n      PYTHON: 3.10"));
        repo.failsWith(CONFIG + ", line 5, images[0].buildArgs.PYTHON: expected a string, found the number 3.10",
                "Quote it: \"3.10\"");
    }

    @Test
    void timeoutMustBeAWholeNumber() throws Exception {
        repo.config(VALID + "  timeout: ten minutes\n");
        repo.failsWith(CONFIG + ", line 14, smoke.timeout: expected a whole number, found the string 'ten minutes'");
    }

    @Test
    void missingRequiredField() throws Exception {
        repo.config(VALID.replace("  - name: registry.example.org/hub1/user-image\n    context: image",
                "  - context: image"));
        repo.failsWith(CONFIG + ", line 2, images[0].name: required field 'name' is missing in 'images[0]'",
                "Expected the image repository, e.g. gcr.io/project/user-image, or a pinned prebuilt image REPO:TAG");
    }

    @Test
    void secondImageNeedsItsOwnValuesPath() throws Exception {
        repo.config(VALID.replace("    context: image", "    context: image\n  - name: registry.example.org/hub1/other\n"
                + "    context: image"));
        repo.failsWith(CONFIG + ", line 4, images[1].valuesPath: required field 'valuesPath' is missing",
                "only the first image defaults to jupyterhub.singleuser.image");
    }

    @Test
    void missingValuesFileSuggestsASimilarName() throws Exception {
        repo.config(VALID.replace("secrets/staging.yaml]", "secrets/stagin.yaml]"));
        repo.failsWith(CONFIG + ", line 8, environments.staging.values[2]: the values file 'secrets/stagin.yaml' does"
                        + " not exist (looked for deployments/hub1/secrets/stagin.yaml) (did you mean 'staging.yaml'?)",
                "Expected an existing file relative to deployments/hub1/");
    }

    @Test
    void missingImageContext() throws Exception {
        repo.config(VALID.replace("context: image", "context: images/user"));
        repo.failsWith(CONFIG + ", line 3, images[0].context: the build context 'images/user' does not exist",
                "Expected an existing directory");
    }

    @Test
    void missingDockerfile() throws Exception {
        repo.config(VALID.replace("context: image", "context: image\n    dockerfile: Containerfile"));
        repo.failsWith(CONFIG + ", line 4, images[0].dockerfile: the Dockerfile 'Containerfile' does not exist"
                + " (looked for deployments/hub1/image/Containerfile)", "relative to deployments/hub1/image/");
    }

    @Test
    void unknownEnvironment() throws Exception {
        DeploymentConfig config = repo.config(VALID).load();
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> config.environment("stagign"));
        TestRepo.assertUsage(e, CONFIG, "unknown environment 'stagign' (did you mean 'staging'?)",
                "defines staging, prod", "add it under 'environments:'");
    }

    @Test
    void invalidImageReferenceUsesImageNameReason() throws Exception {
        repo.config(VALID.replace("registry.example.org/hub1/user-image", "registry.example.org/Hub1/user-image"));
        repo.failsWith(CONFIG + ", line 2, images[0].name: invalid image name:", "path component 'Hub1'",
                "Expected [host[:port]/]path in lowercase, optionally pinned as :TAG or @sha256:DIGEST");
    }

    @Test
    void aPinnedNameWithAContextIsRefusedNamingTheKeyAndBothWaysOut() throws Exception {
        repo.config(VALID.replace("registry.example.org/hub1/user-image", "registry.example.org/hub1/user-image:v1"));
        repo.failsWith(CONFIG + ", line 3, images[0].context: context is set, but the image"
                        + " registry.example.org/hub1/user-image is pinned (v1): a pinned image is prebuilt elsewhere",
                "Remove context to deploy the pinned image, or write the name without :TAG or @sha256: to build it here");
    }

    @Test
    void everyBuildKeyBesideAPinIsRefused() throws Exception {
        String digest = "sha256:" + "ab".repeat(32);
        for (String key : List.of("dockerfile: Dockerfile", "buildArgs: {A: \"1\"}", "target: final")) {
            repo.config(VALID.replace("registry.example.org/hub1/user-image\n    context: image",
                    "registry.example.org/hub1/user-image@" + digest + "\n    " + key));
            String field = key.substring(0, key.indexOf(':'));
            repo.failsWith(CONFIG + ", line 3, images[0]." + field + ": " + field + " is set, but the image"
                    + " registry.example.org/hub1/user-image is pinned (" + digest + ")", "Remove " + field);
        }
    }

    @Test
    void pinnedImagesLoadAsPrebuiltByTagDigestOrBoth() throws Exception {
        String digest = "sha256:" + "0f".repeat(32);
        repo.config(VALID.replace("  - name: registry.example.org/hub1/user-image\n    context: image\n",
                "  - name: registry.example.org/hub1/user-image:84d9c800dba0\n"
                        + "  - name: registry.example.org/hub1/tools@" + digest + "\n    valuesPath: tools.image\n"
                        + "  - name: registry.example.org/hub1/extra:2024.1@" + digest + "\n    valuesPath: extra.image\n"
                        + "  - name: registry.example.org/hub1/built\n    context: image\n    valuesPath: built.image\n"));
        List<ImageSpec> images = repo.load().images();

        assertThat(images.get(0)).isEqualTo(ImageSpec.prebuilt("registry.example.org/hub1/user-image", "84d9c800dba0",
                "jupyterhub.singleuser.image"));
        assertThat(images.get(1)).isEqualTo(ImageSpec.prebuilt("registry.example.org/hub1/tools", digest, "tools.image"));
        assertThat(images.get(1).pinnedTag()).isNull();
        assertThat(images.get(2).pinnedTag()).isEqualTo("2024.1");
        assertThat(images.get(2).pinnedDigest()).isEqualTo(digest);
        assertThat(images.get(3).prebuilt()).isFalse();
        assertThat(images.get(3).context()).isEqualTo("deployments/hub1/image");
    }

    @Test
    void aPinnedImageFollowsTheValuesPathAndNameRulesOfAnyImage() throws Exception {
        String pinned = "  - name: registry.example.org/hub1/user-image:v1\n";
        repo.config(VALID.replace("  - name: registry.example.org/hub1/user-image\n    context: image\n",
                pinned + "  - name: registry.example.org/hub1/tools:v2\n"));
        repo.failsWith(CONFIG + ", line 3, images[1].valuesPath: required field 'valuesPath' is missing",
                "only the first image defaults to");

        repo.config(VALID.replace("  - name: registry.example.org/hub1/user-image\n    context: image\n",
                pinned + "  - name: registry.example.org/hub1/user-image:v2\n    valuesPath: other.image\n"));
        repo.failsWith(CONFIG + ", line 3, images[1].name: image 'registry.example.org/hub1/user-image' is listed twice");

        repo.config(VALID.replace("registry.example.org/hub1/user-image\n    context: image",
                "registry.example.org/hub1/user-image:-bad"));
        repo.failsWith(CONFIG + ", line 2, images[0].name: 'registry.example.org/hub1/user-image:-bad' pins the tag"
                + " '-bad', which is not a valid image tag");
    }

    @Test
    void pathEscapingTheRepository() throws Exception {
        repo.config(VALID.replace("config/prod.yaml]", "../../../outside.yaml]"));
        repo.failsWith(CONFIG + ", line 11, environments.prod.values[1]: '../../../outside.yaml' points outside the"
                + " repository", "must stay inside the repository");
    }

    @Test
    void absolutePath() throws Exception {
        repo.config(VALID.replace("context: image", "context: /etc"));
        repo.failsWith(CONFIG + ", line 3, images[0].context: '/etc' is an absolute path",
                "Give a path relative to deployments/hub1/");
    }

    @Test
    void symlinkPointingOutsideTheRepository(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("values.yaml"), "x: 1\n");
        Files.createSymbolicLink(dir.resolve("deployments/hub1/config/linked.yaml"), outside.resolve("values.yaml"));
        repo.config(VALID.replace("config/prod.yaml]", "config/linked.yaml]"));
        repo.failsWith(CONFIG + ", line 11, environments.prod.values[1]: 'config/linked.yaml' is (or goes through) a"
                + " symbolic link that points outside the repository");
    }

    @Test
    void symlinkedDirectoryPointingOutside(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("Dockerfile"), "FROM scratch\n");
        Files.createSymbolicLink(dir.resolve("deployments/hub1/ext"), outside);
        repo.config(VALID.replace("context: image", "context: ext"));
        repo.failsWith(CONFIG + ", line 3, images[0].context: 'ext' is (or goes through) a symbolic link");
    }

    @Test
    void symlinkInsideTheRepositoryIsFine() throws Exception {
        Files.createSymbolicLink(dir.resolve("deployments/hub1/config/alias.yaml"), Path.of("prod.yaml"));
        DeploymentConfig config = repo.config(VALID.replace("config/prod.yaml]", "config/alias.yaml]")).load();
        assertThat(config.environment("prod").values()).containsExactly("deployments/hub1/config/common.yaml",
                "deployments/hub1/config/alias.yaml");
    }

    @Test
    void unknownBuilderSuggests() throws Exception {
        repo.config(VALID + "build: {builder: buildha}\n");
        repo.failsWith(CONFIG + ", line 14, build.builder: unknown builder 'buildha' (did you mean 'buildah'?)",
                "Expected one of auto, buildah, docker, podman, kaniko");
    }

    @Test
    void insecureRegistryMustBeHostPort() throws Exception {
        repo.config(VALID + "build:\n  insecureRegistries:\n    - http://registry.internal:5000\n");
        repo.failsWith(CONFIG + ", line 16, build.insecureRegistries[0]: 'http://registry.internal:5000' is not a"
                + " registry host[:port]", "no scheme");
    }

    @Test
    void invalidNamespace() throws Exception {
        repo.config(VALID.replace("  prod:\n", "  prod:\n    namespace: Hub_Prod\n"));
        repo.failsWith(CONFIG + ", line 11, environments.prod.namespace: 'Hub_Prod' is not a valid Kubernetes namespace");
    }

    @Test
    void unknownPlaceholderInRelease() throws Exception {
        repo.config(VALID.replace("  path: ../../hub", "  path: ../../hub\n  release: \"{deployment}-{environment}\""));
        repo.failsWith(CONFIG + ", line 6, chart.release: unknown placeholder {environment}",
                "Only {deployment} and {env} are replaced");
    }

    @Test
    void chartDirectoryWithoutChartYaml() throws Exception {
        repo.config(VALID.replace("path: ../../hub", "path: image"));
        repo.failsWith(CONFIG + ", line 5, chart.path: the chart directory deployments/hub1/image has no Chart.yaml");
    }

    @Test
    void chartFromARepositoryIsKeptAsReference() throws Exception {
        DeploymentConfig config = repo.config(VALID.replace("path: ../../hub",
                "path: jupyterhub/jupyterhub\n  version: \"3.3.8\"")).load();
        assertThat(config.chart()).isEqualTo(new ChartSpec("jupyterhub/jupyterhub", "{deployment}-{env}", "3.3.8"));
    }

    @Test
    void chartVersionMustBeAString() throws Exception {
        repo.config(VALID.replace("path: ../../hub", "path: jupyterhub/jupyterhub\n  version: 3.3"));
        repo.failsWith(CONFIG + ", line 6, chart.version: expected a string, found the number 3.3", "Quote it");
    }

    @Test
    void hubUrlMustBeHttp() throws Exception {
        repo.config(VALID.replace("https://staging.example.org/", "staging.example.org"));
        repo.failsWith(CONFIG + ", line 9, environments.staging.hubUrl: 'staging.example.org' is not a hub URL");
    }

    @Test
    void notebookMustExist() throws Exception {
        repo.config(VALID + "  notebooks: [tests/smoke.ipynb]\n");
        repo.failsWith(CONFIG + ", line 14, smoke.notebooks[0]: the notebook 'tests/smoke.ipynb' does not exist");
    }

    @Test
    void environmentsDefaultToHubployConventions() throws Exception {
        DeploymentConfig config = repo.config("images:\n  - name: r.example.org/a/b\n    context: image\n").load();
        assertThat(config.environments().keySet()).containsExactly("staging", "prod");
        assertThat(config.environment("staging").values()).containsExactly("deployments/hub1/config/common.yaml",
                "deployments/hub1/config/staging.yaml", "deployments/hub1/secrets/staging.yaml");
        assertThat(config.chart().path()).isEqualTo("hub");
    }

    @Test
    void nameMustMatchTheDeploymentDirectory() throws Exception {
        repo.config("name: other\n" + VALID);
        repo.failsWith(CONFIG + ", line 1, name: name 'other' differs from the deployment directory deployments/hub1");
    }

    @Test
    void topLevelMustBeAMapping() throws Exception {
        repo.config("- just\n- a list\n");
        repo.failsWith(CONFIG + ", line 1: expected a mapping of settings (key: value) at the top, found a list");
    }
}
