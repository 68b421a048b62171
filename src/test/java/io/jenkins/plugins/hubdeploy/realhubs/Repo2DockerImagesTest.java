package io.jenkins.plugins.hubdeploy.realhubs;

import io.jenkins.plugins.hubdeploy.config.BuildSettings;
import io.jenkins.plugins.hubdeploy.config.ChartSpec;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSource;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.config.SmokeSpec;
import io.jenkins.plugins.hubdeploy.image.Repo2DockerContext;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ImageBuildRun;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * DataHub's real repo2docker image folders (no Dockerfile: environment.yml, requirements.txt, runtime.txt, apt.txt,
 * postBuild, REQUIRE, ...) go through the real repo2docker (PyPI jupyter-repo2docker, bin/install-repo2docker): it
 * detects each buildpack and writes the build context it would give docker. The build itself then runs with the real
 * buildah, as far as this machine allows: the buildpacks' base image (docker.io/library/buildpack-deps) and their
 * apt/conda packages come from the internet, which tests may not reach, so the build test uses hubploy's
 * repo2docker.base_image to start from a busybox image on a loopback registry, and stops where the first RUN needs
 * apt-get and package downloads.
 */
class Repo2DockerImagesTest {
    @TempDir
    Path tmp;

    private static void requireRepo2docker(Path workspace) throws Exception {
        if (Files.isDirectory(workspace)) {
            Path cache = Path.of(System.getProperty("user.home"), ".cache", "hubdeploy");
            boolean found = Files.isDirectory(cache) && listed(cache).anyMatch(p -> p.getFileName().toString()
                    .startsWith("repo2docker-") && Files.isExecutable(p.resolve("bin/jupyter-repo2docker")));
            if (!found && System.getenv(Repo2DockerContext.PYTHON_ENV) == null) {
                Components.unavailable("repo2docker is not installed (bin/install-repo2docker)");
            }
        }
    }

    private static Stream<Path> listed(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        }
    }

    @Test
    void repo2dockerDetectsTheBuildpackOfEveryRealRepo2dockerImageFolder() throws Exception {
        Map<String, String> buildpacks = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (String year : RealHubSnapshots.YEARS) {
            Path repo = RealHubSnapshots.unpack(year, tmp);
            requireRepo2docker(repo);
            CollectingLog log = new CollectingLog();
            Repo2DockerContext r2d = new Repo2DockerContext(new LocalProcessRunner(repo, log), new LocalAgent(repo),
                    Map.of("HOME", System.getProperty("user.home")), log);
            for (String name : ConfigLoader.listDeployments(repo)) {
                for (ImageSpec image : ConfigLoader.load(repo, name).images()) {
                    if (image.source() != ImageSource.REPO2DOCKER || buildpacks.containsKey(year + " " + image.context())) {
                        continue;
                    }
                    Path out = tmp.resolve("ctx-" + year + "-" + name);
                    try {
                        Repo2DockerContext.Result result = r2d.write(image.context(), image.repo2docker(), out.toString());
                        buildpacks.put(year + " " + image.context(), result.buildpack());
                        String dockerfile = Files.readString(out.resolve("Dockerfile"));
                        assertThat(dockerfile.strip()).startsWith("FROM docker.io/library/buildpack-deps:").contains("COPY --chown=1000:1000 src/ ${REPO_DIR}/");
                        assertThat(result.buildArgs()).containsEntry("NB_USER", "jovyan").containsEntry("NB_UID", "1000")
                                .containsEntry("REPO_DIR", "/srv/repo");
                        try (Stream<Path> files = Files.list(repo.resolve(image.context()))) {
                            for (Path f : files.toList()) {
                                assertThat(out.resolve("src").resolve(f.getFileName().toString())).exists();
                            }
                        }
                    } catch (Exception | AssertionError e) {
                        failures.put(year + " " + image.context(), e.getMessage());
                    }
                }
            }
        }
        System.out.println("repo2docker buildpacks of DataHub's image folders: " + buildpacks + "; refused: " + failures);
        // 2019's julia image declares its packages in a Julia REQUIRE file: hubploy's repo2docker of 2019 built it,
        // today's repo2docker refuses it (its Julia infrastructure is gone) and says to use Project.toml
        assertThat(failures).containsOnlyKeys("2019 deployments/julia/image");
        assertThat(failures.get("2019 deployments/julia/image")).isEqualTo("repo2docker could not prepare the build"
                + " of deployments/julia/image: ValueError: Julia REQUIRE no longer supported due to removed"
                + " infrastructure. Use Project.toml.");
        assertThat(buildpacks).containsEntry("2021 deployments/eecs/image", "CondaBuildPack")
                .containsEntry("2019 deployments/bcourses/image", "PythonBuildPack").hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void buildahBuildsRepo2dockersContextUntilItNeedsPackagesFromTheInternet() throws Exception {
        Path repo = RealHubSnapshots.unpack("2021", tmp);
        requireRepo2docker(repo);
        Path storage = tmp.resolve("storage");
        Map<String, String> env = new HashMap<>(BuildahFixture.env(storage));
        env.put("HOME", System.getProperty("user.home"));
        try (RegistryFixture registry = RegistryFixture.start(tmp.resolve("registry"))) {
            CollectingLog log = new CollectingLog();
            String base = BuildahFixture.pushBusyboxBase(Files.createDirectories(tmp.resolve("base-repo")), registry,
                    env, log);

            // DataHub's eecs image folder as it is, with hubploy's repo2docker.base_image pointing at the loopback base
            ImageSpec eecs = ConfigLoader.load(repo, "eecs").images().get(0);
            Map<String, String> options = new LinkedHashMap<>(eecs.repo2docker());
            options.put("base_image", base);
            ImageSpec spec = ImageSpec.repo2docker(registry.image("user-images/eecs-user-image").toString(),
                    eecs.context(), eecs.valuesPath(), options);
            DeploymentConfig config = new DeploymentConfig("eecs", "deployments/eecs/hubploy.yaml", List.of(spec),
                    new BuildSettings("buildah", null, List.of()), new ChartSpec("hub", "{deployment}-{env}", null),
                    Map.of(), SmokeSpec.defaults());
            HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new ImageBuildRun(
                    new LocalProcessRunner(repo, log), new LocalAgent(repo), log, env)
                    .run(config, new ImageBuildOptions(true, false, false, "buildah", null, null)));

            assertThat(log.text()).contains("deployments/eecs/image uses CondaBuildPack")
                    .contains("building repo2docker's CondaBuildPack context with buildah")
                    .contains("FROM " + base);
            // the base image was pulled from the loopback registry and the build ran up to repo2docker's first RUN,
            // which needs apt-get and Ubuntu's package mirrors: this is where a machine without internet stops
            assertThat(e).as("the build must stop at the first RUN").isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("apt-get");
            assertThat(repo.resolveSibling("repo@tmp")).doesNotExist();
        } finally {
            BuildahFixture.cleanup(storage);
        }
    }
}
