package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 7, item 9, for the builders without an ignore-file option: docker buildx and kaniko (SIMULATED: no docker
 * engine or kaniko here) never start while withKubeConfig's kubeconfig is at the context root; the rule's names.
 */
class KubeconfigRefusalTest {
    @TempDir
    Path dir;

    @Test
    void dockerBuildxAndKanikoRefuseAContextWithAKubeconfigAndRunNothing() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("ws/repo"));
        Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        Files.writeString(repo.resolve(".kube8120493config"), "users: [{name: admin}]\n");
        ImageSpec spec = new ImageSpec("unused", ".", "Dockerfile", "singleuser.image", Map.of(), null);
        BuildRequest request = new BuildRequest(spec, ImageName.parse("registry.example.org/hub/img"), "t1", true,
                false, null, null, false, null);
        SimulatedBuilderRunner docker = new SimulatedBuilderRunner(0, "");
        SimulatedBuilderRunner kaniko = new SimulatedBuilderRunner(0, "");

        HubDeployException d = catchThrowableOfType(HubDeployException.class, () -> new DockerBuildxBuilder(docker,
                new LocalAgent(repo), Map.of(), new CollectingLog()).build(request));
        HubDeployException k = catchThrowableOfType(HubDeployException.class, () -> new KanikoBuilder(kaniko,
                new LocalAgent(repo), Map.of(), new CollectingLog()).build(request));

        for (HubDeployException e : List.of(d, k)) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains(".kube8120493config").contains("withKubeConfig");
        }
        assertThat(docker.specs).isEmpty();
        assertThat(kaniko.specs).isEmpty();
        assertThat(dir.resolve("ws/repo@tmp")).doesNotExist();
    }

    @Test
    void theRuleCoversWhatWithKubeConfigWritesAtAContextRootOnly() {
        assertThat(List.of(".kubeconfig", ".kube123config", ".kube-abc.config")).allMatch(KubeconfigExclusion::excludes);
        assertThat(List.of("sub/.kube123config", "kubeconfig", ".kube", ".kube123config.bak", "a.kubeconfig"))
                .noneMatch(KubeconfigExclusion::excludes);
    }
}
