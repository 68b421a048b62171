package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.RecordingRunner;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.context;
import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

/** podman with the same private vfs storage environment as buildah, against a real protected registry. */
class PodmanBuilderTest {
    @Test
    void buildsWithRunAndPushesWithPassedCredentials() throws Exception {
        Components.require("podman", "apt-get install -y --no-install-recommends podman");
        Path root = Files.createTempDirectory("hubdeploy-podman-test");
        RegistryFixture.Htpasswd user = new RegistryFixture.Htpasswd("pod", "podman-secret-99");
        try (RegistryFixture registry = RegistryFixture.start(root.resolve("registry"), user)) {
            Map<String, String> env = BuildahFixture.env(root.resolve("storage"));
            Path busybox = Components.requireFile(Path.of("/bin/busybox"), "apt-get install -y busybox-static");
            Path repo = Files.createDirectories(root.resolve("ws/repo"));
            ImageSpec spec = context(repo, "img", "FROM scratch\nCOPY busybox /bin/sh\n"
                    + "RUN [\"/bin/sh\", \"-c\", \"echo built-by-podman > /marker\"]\n", Map.of("busybox", busybox));
            RegistryCredentials creds = new RegistryCredentials(user.username(), user.password());
            CollectingLog log = new CollectingLog();
            RecordingRunner runner = new RecordingRunner(new LocalProcessRunner(repo, log));
            ImageName name = registry.image("team/podman");

            BuiltImage built = new PodmanBuilder(runner, new LocalAgent(repo), env, log)
                    .build(request(spec, name, "p1", true, creds));

            assertThat(built.digest()).matches("sha256:[0-9a-f]{64}");
            assertThat(new RegistryClient(creds, false, Duration.ofSeconds(10)).manifestDigest(name, "p1"))
                    .contains(built.digest());
            assertThat(runner.specs).extracting(s -> s.argv().subList(0, 2))
                    .containsExactly(java.util.List.of("podman", "build"), java.util.List.of("podman", "push"));
            assertThat(runner.everything()).noneMatch(v -> v.contains(user.password()));
            assertThat(log.lines).noneMatch(l -> l.contains(user.password()));
        } finally {
            BuildahFixture.cleanup(root);
        }
    }
}
