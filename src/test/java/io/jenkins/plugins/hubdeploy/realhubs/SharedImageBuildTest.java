package io.jenkins.plugins.hubdeploy.realhubs;

import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several hubs building one shared image directory (as DataHub's 2021 data100, dlab, r, ... build
 * ../datahub/images/default): `build -d all` builds and pushes it once, with real buildah and a real registry, and
 * every deployment reports the same image.
 */
class SharedImageBuildTest {
    @TempDir
    Path tmp;

    /** Records every command before running it for real. */
    private static final class Recording implements ProcessRunner {
        final List<List<String>> argv = new CopyOnWriteArrayList<>();
        private final ProcessRunner delegate;

        Recording(ProcessRunner delegate) {
            this.delegate = delegate;
        }

        @Override
        public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
            argv.add(spec.argv());
            return delegate.run(spec);
        }

        long count(String tool, String command) {
            return argv.stream().filter(a -> Path.of(a.get(0)).getFileName().toString().equals(tool)
                    && a.size() > 1 && a.get(1).equals(command)).count();
        }
    }

    @Test
    void aSharedImageIsBuiltAndPushedOnceForAllItsDeployments() throws Exception {
        Path storage = tmp.resolve("storage");
        Map<String, String> env = new HashMap<>(BuildahFixture.env(storage));
        try (RegistryFixture registry = RegistryFixture.start(tmp.resolve("registry"))) {
            Path repo = Files.createDirectories(tmp.resolve("repo"));
            write(repo, "hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
            write(repo, "deployments/datahub/images/default/Dockerfile", "FROM scratch\nCOPY f.txt /\n");
            write(repo, "deployments/datahub/images/default/f.txt", "shared\n");
            String image = registry.image("user-images/primary-user-image").toString();
            for (String d : List.of("datahub", "data100", "r")) {
                String path = d.equals("datahub") ? "images/default" : "../datahub/images/default";
                write(repo, "deployments/" + d + "/hubploy.yaml", "images:\n  images:\n    - name: " + image
                        + "\n      path: " + path + "\n");
                write(repo, "deployments/" + d + "/config/common.yaml", "a: 1\n");
                write(repo, "deployments/" + d + "/config/staging.yaml", "b: 2\n");
            }
            ExampleRepo.git(repo, "init", "-q");
            ExampleRepo.git(repo, "add", "-A");
            ExampleRepo.git(repo, "commit", "-qm", "three hubs, one image");
            CollectingLog log = new CollectingLog();
            Recording runner = new Recording(new LocalProcessRunner(repo, log));

            List<EachDeployment.Outcome> outcomes = new ManyDeployments(runner, new LocalAgent(repo), log, env)
                    .build(new DeploymentSelection("all"), new ImageBuildOptions(true, false, false, "buildah", null, null), 3);

            assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).as(o.detail()).isEqualTo("ok"));
            assertThat(runner.count("buildah", "build")).isEqualTo(1);
            assertThat(runner.count("buildah", "push")).isEqualTo(1);
            List<String> images = outcomes.stream().map(o -> ((List<?>) o.result().get("images")).get(0).toString()).toList();
            assertThat(images).allSatisfy(i -> assertThat(i).contains("pushed=true").contains("digest=sha256:"));
            assertThat(images.stream().distinct()).hasSize(1);
        } finally {
            BuildahFixture.cleanup(storage);
        }
    }

    private static void write(Path repo, String relative, String content) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
