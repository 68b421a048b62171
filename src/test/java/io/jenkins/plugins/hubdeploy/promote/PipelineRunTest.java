package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.PipelineRun;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code hubdeploy run --env staging} end to end: real git (bare origin with staging and prod), a real registry with
 * images built and pushed by real buildah, a real JupyterHub as the staging hub, evidence recorded and the promotion
 * merged with real git. helm and kubectl are the stand-in {@link FakeHelmCluster} here, to keep this a fast unit
 * test; ProcessEndToEndIT runs the same sequence on real helm and the real test cluster. A broken import makes staging's smoke test fail: the failure is recorded and
 * prod's branch is not moved.
 */
class PipelineRunTest {
    private static Path root;
    private static RegistryFixture registry;
    private static Map<String, String> buildah;
    private static JupyterHubFixture hub;

    @TempDir
    Path tmp;
    private final CollectingLog log = new CollectingLog();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("hubdeploy-run");
        buildah = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
        hub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.stop();
        }
        if (registry != null) {
            registry.stop();
        }
        BuildahFixture.cleanup(root.resolve("storage"));
    }

    /** origin whose staging hub is the real hub, smoke-testing {@code imports}; returns the CI clone of staging. */
    private Path stagingCheckout(PromoteRepos repos, String imports) throws Exception {
        Path ci = repos.clone("ci", "staging");
        Path yaml = ci.resolve("deployments/hub/hubdeploy.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace(PromoteRepos.STAGING_HUB, hub.url())
                + "smoke: {user: run-check, imports: [" + imports + "], timeout: 120}\n");
        PromoteRepos.write(ci.resolve("deployments/hub/image/Dockerfile"), "FROM scratch\nCOPY Dockerfile /\n");
        PromoteRepos.commitAndPush(ci, "deployments/hub/config/staging.yaml", "a: 5\n");
        return ci;
    }

    private PipelineRun engine(Path ci, FakeHelmCluster cluster) {
        LocalProcessRunner real = new LocalProcessRunner(ci, log);
        ProcessRunner runner = spec -> {
            String tool = Path.of(spec.executable()).getFileName().toString();
            return tool.equals("helm") || tool.equals("kubectl") ? cluster.run(spec) : real.run(spec);
        };
        return new PipelineRun(runner, new LocalAgent(ci), SerializableBuildLog.inProcess(log), buildah,
                Clock.systemUTC());
    }

    private static PipelineRun.Options staging(String promotion) {
        return new PipelineRun.Options("staging", promotion, null, null, hub.token(), null, Duration.ofMinutes(5));
    }

    @Test
    void stagingBuildsDeploysSmokeTestsRecordsAndMergesIntoProd() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of(registry.hostPort() + "/run/user"));
        Path ci = stagingCheckout(repos, "json");
        FakeHelmCluster cluster = new FakeHelmCluster(ci, log).withRevisions(2, "deployed", Map.of("a", 1));

        List<PipelineRun.Stage> stages = engine(ci, cluster).run(PromoteRepos.config(ci), staging("merge"));

        assertThat(stages).extracting(PipelineRun.Stage::name).containsExactly("build and push images",
                "deploy staging", "smoke-test staging", "record staging evidence", "promote (merge)");
        assertThat(stages).allMatch(stage -> stage.result().equals("ok"));
        assertThat(stages.get(0).detail()).isEqualTo("1 image(s): 1 built and pushed, 0 reused");
        assertThat(cluster.calls("helm", "upgrade")).hasSize(1);
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(PromoteRepos.head(ci));
        assertThat(log.text()).contains("run: [3] smoke-test staging: ok").doesNotContain(hub.token());

        // the same tree again: nothing rebuilt, nothing deployed or tested (unchanged since the live commit), the
        // evidence carried over from the live commit (the cluster's record read through the stand-in's kubectl)
        List<PipelineRun.Stage> again = engine(ci, cluster).run(PromoteRepos.config(ci), staging("none"));
        assertThat(again.get(0).detail()).isEqualTo("1 image(s): 0 built and pushed, 1 reused");
        assertThat(again).extracting(PipelineRun.Stage::name).doesNotContain("promote (merge)");
        assertThat(again).extracting(PipelineRun.Stage::name, PipelineRun.Stage::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("build and push images", "ok"),
                org.assertj.core.groups.Tuple.tuple("deploy staging", "ok"),
                org.assertj.core.groups.Tuple.tuple("smoke-test staging", "skipped"),
                org.assertj.core.groups.Tuple.tuple("record staging evidence", "ok"));
        assertThat(again.get(1).detail()).startsWith("not deployed: no input changed since the live commit");
        assertThat(again.get(3).detail()).startsWith("carried over from the live commit " + PromoteRepos.head(ci));
        assertThat(cluster.calls("helm", "upgrade")).as("not deployed again").hasSize(1);
    }

    @Test
    void aFailingStagingSmokeTestIsRecordedAndProdIsNotMoved() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of(registry.hostPort() + "/run/broken"));
        String prodBefore = repos.originRef("refs/heads/prod");
        Path ci = stagingCheckout(repos, "module_that_does_not_exist");
        FakeHelmCluster cluster = new FakeHelmCluster(ci, log).withRevisions(2, "deployed", Map.of("a", 1));
        PipelineRun run = engine(ci, cluster);

        HubDeployException failure = catchThrowableOfType(HubDeployException.class,
                () -> run.run(PromoteRepos.config(ci), staging("merge")));

        assertThat(failure.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(failure.getMessage()).contains("module_that_does_not_exist");
        assertThat(run.stages()).extracting(PipelineRun.Stage::name, PipelineRun.Stage::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("build and push images", "ok"),
                org.assertj.core.groups.Tuple.tuple("deploy staging", "ok"),
                org.assertj.core.groups.Tuple.tuple("smoke-test staging", "FAILED"),
                org.assertj.core.groups.Tuple.tuple("record the failure", "FAILED"));
        assertThat(repos.originRef("refs/heads/prod")).as("prod's branch is unchanged").isEqualTo(prodBefore);
        Path reader = repos.clone("reader", "staging");
        PromoteRepos.git(reader, "fetch", "-q", "origin", EvidenceStore.REF + ":" + EvidenceStore.REF);
        String note = PromoteRepos.git(reader, "notes", "--ref=hubdeploy", "show", PromoteRepos.tree(ci, "HEAD"));
        assertThat(EvidenceNote.parse(note, "test").find("hub", "staging").orElseThrow().result()).isEqualTo("failed");
        assertThat(hub.usersWithServers()).as("the smoke test cleaned up").isEmpty();
    }
}
