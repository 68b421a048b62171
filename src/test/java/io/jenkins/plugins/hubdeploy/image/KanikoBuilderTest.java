package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** kaniko arguments, digest and failure mapping, with a SIMULATED executor (no kaniko container here). */
class KanikoBuilderTest {
    @TempDir
    Path dir;

    private Path repo() throws Exception {
        return Files.createDirectories(dir.resolve("ws/repo"));
    }

    private static ImageSpec spec() {
        return new ImageSpec("unused", "image", "image/Dockerfile", "singleuser.image", Map.of("PY", "3.11"), null);
    }

    @Test
    void buildsAndPushesInOneRunWithDigestFileAndNeverConcurrently() throws Exception {
        Path repo = repo();
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(0, "INFO Pushed image\n");
        KanikoBuilder kaniko = new KanikoBuilder(runner, new LocalAgent(repo), Map.of(), new CollectingLog());

        BuiltImage built = kaniko.build(new BuildRequest(spec(), ImageName.parse("registry.example.org/hub/img"), "t1",
                true, true, "linux/arm64", "t0", false, new RegistryCredentials("ci", "kaniko-pw-1")));

        assertThat(kaniko.supportsConcurrentBuilds()).isFalse();
        assertThat(built.digest()).isEqualTo(SimulatedBuilderRunner.DIGEST);
        List<String> argv = runner.specs.get(0).argv();
        String digestFile = argv.get(argv.indexOf("--digest-file") + 1);
        assertThat(argv).containsExactly("/kaniko/executor", "--context", "dir://" + repo + "/image",
                "--dockerfile", repo + "/image/Dockerfile", "--destination", "registry.example.org/hub/img:t1",
                "--cleanup", "--build-arg", "PY=3.11", "--custom-platform", "linux/arm64", "--digest-file", digestFile);
        assertThat(runner.specs).hasSize(1);
        assertThat(runner.specs.get(0).env()).containsKey("DOCKER_CONFIG");
        assertThat(runner.authFilePermissions).containsExactly("rw-------");
        assertThat(argv).noneMatch(a -> a.contains("kaniko-pw-1"));
        assertThat(dir.resolve("ws/repo@tmp")).doesNotExist();
    }

    @Test
    void noPushAndLoopbackRegistryFlags() throws Exception {
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(0, "");

        BuiltImage built = new KanikoBuilder(runner, new LocalAgent(repo()), Map.of(), new CollectingLog()).build(
                new BuildRequest(spec(), ImageName.parse("127.0.0.1:5000/hub/img"), "t1", false, false, null, null,
                        false, null));

        assertThat(built.pushed()).isFalse();
        assertThat(runner.specs.get(0).argv()).contains("--no-push").doesNotContain("--digest-file")
                .containsSequence("--insecure", "--insecure-registry", "127.0.0.1:5000");
        assertThat(runner.specs.get(0).env()).doesNotContainKey("DOCKER_CONFIG");
    }

    @Test
    void pushFailureIsExitThreeAndBuildFailureIsExitOne() throws Exception {
        BuildRequest request = new BuildRequest(spec(), ImageName.parse("registry.example.org/hub/img"), "t1", true,
                false, null, null, false, null);

        HubDeployException push = catchThrowableOfType(HubDeployException.class, () -> new KanikoBuilder(
                new SimulatedBuilderRunner(1, "error checking push permissions -- make sure you entered the correct"
                        + " tag name\n"), new LocalAgent(repo()), Map.of(), new CollectingLog()).build(request));
        HubDeployException build = catchThrowableOfType(HubDeployException.class, () -> new KanikoBuilder(
                new SimulatedBuilderRunner(1, "error building image: RUN false: exit status 1\n"),
                new LocalAgent(repo()), Map.of(), new CollectingLog()).build(request));

        assertThat(push.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(push.getMessage()).contains("registry registry.example.org").contains("push permissions");
        assertThat(build.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(build.getMessage()).contains("kaniko build of registry.example.org/hub/img:t1 failed (exit 1)")
                .contains("RUN false");
    }

    @Test
    void aMissingExecutorIsExitThreeNamingItAndHowToGetIt() throws Exception {
        Path repo = repo();
        CollectingLog log = new CollectingLog();
        KanikoBuilder kaniko = new KanikoBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), Map.of(), log,
                dir.resolve("no/kaniko/executor").toString());

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> kaniko.build(new BuildRequest(
                spec(), ImageName.parse("example.org/a/b"), "t", false, false, null, null, false, null)));

        assertThat(kaniko.isAvailable()).isFalse();
        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("no/kaniko/executor").contains("container('kaniko')");
    }
}
