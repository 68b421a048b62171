package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.Components;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Builder selection, probing the real programs through the process runner. */
class BuildersTest {
    private static final Map<String, String> NOTHING_INSTALLED = Map.of(
            "HUBDEPLOY_BUILDAH", "/nonexistent/buildah",
            "HUBDEPLOY_PODMAN", "/nonexistent/podman",
            "HUBDEPLOY_DOCKER", "/nonexistent/docker",
            "HUBDEPLOY_KANIKO_EXECUTOR", "/nonexistent/kaniko/executor");

    @TempDir
    Path dir;

    private ImageBuilder select(String setting, Map<String, String> env, CollectingLog log) throws Exception {
        return Builders.select(setting, new LocalProcessRunner(dir, log), new LocalAgent(dir), env, log);
    }

    @Test
    void autoPicksBuildahWhenItRuns() throws Exception {
        Components.require("buildah", BuildahFixture.INSTALL);
        CollectingLog log = new CollectingLog();

        ImageBuilder builder = select("auto", Map.of(), log);

        assertThat(builder).isInstanceOf(BuildahBuilder.class);
        assertThat(builder.supportsConcurrentBuilds()).isTrue();
        assertThat(log.lines).contains("image builder: buildah");
        assertThat(select(null, Map.of(), log).name()).isEqualTo("buildah");
    }

    @Test
    void autoFallsBackToPodmanWhenBuildahIsMissing() throws Exception {
        Components.require("podman", "apt-get install -y --no-install-recommends podman");

        ImageBuilder builder = select("AUTO", Map.of("HUBDEPLOY_BUILDAH", "/nonexistent/buildah"), new CollectingLog());

        assertThat(builder.name()).isEqualTo("podman");
    }

    @Test
    void autoWithNothingInstalledIsExitThreeListingWhatWasTriedAndHowToGetOne() {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> select("auto", NOTHING_INSTALLED, new CollectingLog()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("no image builder is available")
                .contains("/nonexistent/buildah --version", "/nonexistent/podman --version",
                        "/nonexistent/docker buildx version", "/nonexistent/kaniko/executor version")
                .contains("apt-get install buildah").contains("builder: kaniko");
    }

    @Test
    void aNamedBuilderThatIsMissingIsExitThreeNamingIt() {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> select("kaniko", NOTHING_INSTALLED, new CollectingLog()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("builder 'kaniko' is not available")
                .contains("/nonexistent/kaniko/executor version").contains("container('kaniko')")
                .doesNotContain("buildah --version");
    }

    @Test
    void anUnknownBuilderIsAUsageError() {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> select("bazel", Map.of(), new CollectingLog()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("'bazel'").contains("auto, buildah, podman, docker, kaniko");
    }
}
