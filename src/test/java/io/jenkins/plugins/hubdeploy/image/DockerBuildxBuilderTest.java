package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** docker buildx arguments, digest and credentials handling, with a SIMULATED docker (no engine here). */
class DockerBuildxBuilderTest {
    @TempDir
    Path dir;

    private Path repo() throws Exception {
        return Files.createDirectories(dir.resolve("ws/repo"));
    }

    private static ImageSpec spec() {
        return new ImageSpec("unused", "image", "image/Dockerfile", "singleuser.image",
                Map.of("PY", "3.11", "A", "1"), "runtime");
    }

    @Test
    void pushesWithMetadataFileInlineCacheAndPreviousTagAsCacheSource() throws Exception {
        Path repo = repo();
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(0, "#1 DONE\n");
        CollectingLog log = new CollectingLog();
        ImageName name = ImageName.parse("registry.example.org/datahub/user-image");

        BuiltImage built = new DockerBuildxBuilder(runner, new LocalAgent(repo), Map.of(), log).build(
                new BuildRequest(spec(), name, "new1", true, false, "linux/amd64", "old0", false, null));

        assertThat(built).isEqualTo(new BuiltImage("registry.example.org/datahub/user-image:new1", true,
                SimulatedBuilderRunner.DIGEST));
        List<String> argv = runner.specs.get(0).argv();
        String scratch = argv.get(argv.indexOf("--metadata-file") + 1);
        assertThat(argv).containsExactly("docker", "buildx", "build", "--progress", "plain",
                "--file", repo + "/image/Dockerfile", "--tag", "registry.example.org/datahub/user-image:new1",
                "--build-arg", "A=1", "--build-arg", "PY=3.11", "--target", "runtime", "--platform", "linux/amd64",
                "--cache-from", "type=registry,ref=registry.example.org/datahub/user-image:old0",
                "--cache-to", "type=inline", "--push", "--metadata-file", scratch, repo + "/image");
        assertThat(scratch).startsWith(dir.resolve("ws/repo@tmp").toString());
        assertThat(runner.specs.get(0).echo()).isTrue();
        assertThat(dir.resolve("ws/repo@tmp")).doesNotExist();
    }

    @Test
    void loopbackRegistryGetsAnInsecureImageOutputAndNoCacheDropsTheCacheSource() throws Exception {
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(0, "");
        ImageName name = ImageName.parse("127.0.0.1:5000/team/app");

        new DockerBuildxBuilder(runner, new LocalAgent(repo()), Map.of(), new CollectingLog()).build(
                new BuildRequest(spec(), name, "t", true, true, null, "old0", false, null));

        List<String> argv = runner.specs.get(0).argv();
        assertThat(argv).contains("--no-cache").doesNotContain("--cache-from", "--push")
                .containsSequence("--output", "type=image,name=127.0.0.1:5000/team/app:t,push=true,registry.insecure=true");
    }

    @Test
    void withoutPushNothingIsPushedAndNoMetadataIsRead() throws Exception {
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(0, "");

        BuiltImage built = new DockerBuildxBuilder(runner, new LocalAgent(repo()), Map.of(), new CollectingLog()).build(
                new BuildRequest(spec(), ImageName.parse("example.org/a/b"), "t", false, false, null, null, false, null));

        assertThat(built.pushed()).isFalse();
        assertThat(built.digest()).isNull();
        assertThat(runner.specs.get(0).argv()).doesNotContain("--push", "--metadata-file", "--cache-to");
    }

    @Test
    void passedCredentialsGoThroughAPrivateDockerConfigThatIsDeletedAfterwards() throws Exception {
        String password = "buildx-secret-pw";
        Path ownPlugins = Files.createDirectories(dir.resolve("home/.docker/cli-plugins"));
        Files.writeString(ownPlugins.resolve("docker-buildx"), "the user's buildx plugin");
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(0, "");
        CollectingLog log = new CollectingLog();

        new DockerBuildxBuilder(runner, new LocalAgent(repo()), Map.of("HOME", dir.resolve("home").toString()), log)
                .build(new BuildRequest(spec(), ImageName.parse("example.org/a/b"), "t", true, false, null, null,
                        false, new RegistryCredentials("ci", password)));

        String dockerConfig = runner.specs.get(0).env().get("DOCKER_CONFIG");
        assertThat(runner.authFilePermissions).containsExactly("rw-------");
        assertThat(runner.authFileContents.get(0)).contains("\"example.org\"")
                .contains(Base64.getEncoder().encodeToString(("ci:" + password).getBytes()));
        assertThat(runner.specs.get(0).argv()).noneMatch(a -> a.contains(password));
        assertThat(log.lines).noneMatch(l -> l.contains(password));
        assertThat(log.secrets).contains(password);
        assertThat(Path.of(dockerConfig)).doesNotExist();
        assertThat(runner.pluginsLinked).containsExactly(true);
        // deleting the private config removed the link, never what it pointed at
        assertThat(ownPlugins.resolve("docker-buildx")).exists();
    }

    @Test
    void aFailingBuildIsExitOneWithTheTail() throws Exception {
        StringBuilder output = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            output.append("line ").append(i).append('\n');
        }
        SimulatedBuilderRunner runner = new SimulatedBuilderRunner(1, output.toString());

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new DockerBuildxBuilder(runner,
                new LocalAgent(repo()), Map.of(), new CollectingLog()).build(new BuildRequest(spec(),
                ImageName.parse("example.org/a/b"), "t", true, false, null, null, false, null)));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("docker buildx build of example.org/a/b:t failed (exit 1)")
                .contains("line 11").contains("line 30").doesNotContain("line 10\n");
    }
}
