package io.jenkins.plugins.hubdeploy.realhubs;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.ChangedOnly;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.LoopbackOnlyAgent;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Many hubs in one repository: DataHub's 2021 snapshot (15 deployments; 8 of them build the shared
 * deployments/datahub/images/default image) previewed all at once against staging. The helm/kubectl stand-ins hold
 * the deploy records (ConfigMaps) a real cluster would; git is real.
 */
class ManyDeploymentsTest {
    /** The deployments whose hubploy.yaml builds deployments/datahub/images/default (datahub's own path is images/default). */
    private static final List<String> SHARED_IMAGE_USERS = List.of("data100", "data102", "datahub", "dlab", "highschool",
            "prob140", "r", "workshop");

    @TempDir
    Path tmp;

    private Path repo;
    private CollectingLog log;
    private FakeHelmCluster cluster;
    private List<String> all;

    @BeforeEach
    void snapshot() throws Exception {
        repo = RealHubSnapshots.unpack("2021", tmp);
        log = new CollectingLog();
        cluster = new FakeHelmCluster(repo, log);
        all = ConfigLoader.listDeployments(repo);
    }

    private ManyDeployments many() {
        return new ManyDeployments(cluster, new LoopbackOnlyAgent(repo), log, Map.of());
    }

    private static DeployOptions preflight() {
        return new DeployOptions("staging", true, false, DeployOptions.DEFAULT_TIMEOUT, null, StuckPolicy.FAIL);
    }

    private String head() throws Exception {
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    /** Every deployment's record in the "cluster" says {@code commit} is live in staging. */
    private void liveEverywhere(String commit) {
        for (String name : all) {
            DeployRecord record = new DeployRecord(name, "staging", name + "-staging", name + "-staging", 3, "deployed",
                    "hub", "0.0.1", List.of(), "0".repeat(64), commit, null, false, "2021-11-04T00:00:00Z", null,
                    "v3.14.4");
            cluster.configMaps.put("hubdeploy-record-" + name + "-staging", record.toJson());
        }
    }

    private void commitChange(String file, String line) throws Exception {
        Files.writeString(repo.resolve(file), line, StandardOpenOption.APPEND);
        ExampleRepo.git(repo, "commit", "-qam", "change " + file);
    }

    @Test
    void allPreflightsEveryDeploymentInIsolationWithOneSummaryTable() throws Exception {
        List<EachDeployment.Outcome> outcomes = many().deploy(new DeploymentSelection("all"), preflight(), false, 3);

        assertThat(outcomes).extracting(EachDeployment.Outcome::deployment).containsExactlyElementsOf(all);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo("ok"));
        assertThat(EachDeployment.verdict(outcomes)).isNull();
        assertThat(cluster.calls("helm", "template")).hasSize(15);
        assertThat(log.text()).contains("running 15 deployment(s), 3 at a time").contains("[data100] preflight of release"
                + " data100-staging").contains("15 deployment(s): 15 ok, 0 skipped, 0 failed");
    }

    @Test
    void oneBrokenDeploymentFailsAloneAndFailsTheRun() throws Exception {
        Files.writeString(repo.resolve("deployments/julia/hubploy.yaml"), "images:\n  image_nmae: x\n");
        List<EachDeployment.Outcome> outcomes = many().deploy(new DeploymentSelection("all"), preflight(), false, 2);

        assertThat(outcomes).filteredOn(EachDeployment.Outcome::failed).singleElement().satisfies(o -> {
            assertThat(o.deployment()).isEqualTo("julia");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.detail()).contains("deployments/julia/hubploy.yaml, line 2, images.image_nmae: unknown key");
        });
        assertThat(outcomes).filteredOn(o -> o.status().equals("ok")).hasSize(14);
        HubDeployException verdict = EachDeployment.verdict(outcomes);
        assertThat(verdict.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(verdict.getMessage()).isEqualTo("1 of 15 deployment(s) failed: julia (each one's reason is in the"
                + " summary above)");
        assertThat(log.lines).anySatisfy(l -> assertThat(l).matches("julia +failed +2 +deployments/julia/hubploy.yaml.*"));
    }

    @Test
    void changedDeploysOnlyWhatASharedImageChangeTouches() throws Exception {
        liveEverywhere(head());
        commitChange("deployments/datahub/images/default/requirements.txt", "\n# a new package\n");

        List<EachDeployment.Outcome> outcomes = many().deploy(new DeploymentSelection("all"), preflight(), true, 4);

        assertThat(outcomes).filteredOn(o -> o.status().equals("ok")).extracting(EachDeployment.Outcome::deployment)
                .containsExactlyInAnyOrderElementsOf(SHARED_IMAGE_USERS);
        assertThat(outcomes).filteredOn(o -> o.status().equals("skipped")).hasSize(15 - SHARED_IMAGE_USERS.size())
                .allSatisfy(o -> assertThat(o.detail()).startsWith("no input changed since the live commit "));
        assertThat(outcomes).filteredOn(o -> o.deployment().equals("data100")).singleElement()
                .satisfies(o -> assertThat(o.result().get("change").toString())
                        .contains("deployments/datahub/images/default/requirements.txt"));
        assertThat(cluster.calls("helm", "template")).hasSize(SHARED_IMAGE_USERS.size());
    }

    @Test
    void changedCountsTheCommonChartForEveryDeploymentAndDeploysWhatWasNeverRecorded() throws Exception {
        liveEverywhere(head());
        cluster.configMaps.remove("hubdeploy-record-eecs-staging");
        List<EachDeployment.Outcome> unchanged = many().deploy(new DeploymentSelection("eecs,biology"), preflight(), true, 2);
        assertThat(unchanged).extracting(EachDeployment.Outcome::status).containsExactly("ok", "skipped");
        assertThat(unchanged.get(0).result().get("change").toString()).contains("never deployed by hubdeploy");

        commitChange("hub/values.yaml", "\n# shared chart change\n");
        List<EachDeployment.Outcome> outcomes = many().deploy(new DeploymentSelection("all"), preflight(), true, 4);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo("ok"));
    }

    @Test
    void aLiveCommitThisCloneLacksDeploysToBeSafe() throws Exception {
        liveEverywhere("0123456789abcdef0123456789abcdef01234567");
        List<EachDeployment.Outcome> outcomes = many().deploy(new DeploymentSelection("r"), preflight(), true, 1);
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.result().get("change").toString())
                .contains("is not in this clone (a shallow clone? fetch more history to decide)"));
    }

    @Test
    void buildChangedBuildsOnlyWhatChangedSinceTheLiveCommitAndSkipsTheRestWithTheReason() throws Exception {
        // the 2024 snapshot: every image is pinned, so a build needs no builder and the selection is all there is
        snapshot2024();
        liveEverywhere(head());
        commitChange("deployments/a11y/config/common.yaml", "\n# a11y only\n");
        cluster.configMaps.remove("hubdeploy-record-stat20-staging");

        List<EachDeployment.Outcome> outcomes = many().build(new DeploymentSelection("all"),
                ImageBuildOptions.defaults(), ChangedOnly.sinceLive("staging"), 4);

        assertThat(outcomes).filteredOn(o -> o.status().equals("ok")).extracting(EachDeployment.Outcome::deployment)
                .containsExactlyInAnyOrder("a11y", "stat20");
        assertThat(outcomes).filteredOn(o -> o.status().equals("skipped")).hasSize(all.size() - 2)
                .allSatisfy(o -> assertThat(o.detail()).startsWith("no input changed since the live commit "));
        EachDeployment.Outcome a11y = outcomes.stream().filter(o -> o.deployment().equals("a11y")).findFirst().orElseThrow();
        assertThat(a11y.result().get("images").toString()).contains("prebuilt=true");
        assertThat(a11y.result().get("change").toString()).contains("deployments/a11y/config/common.yaml");
        assertThat(outcomes.stream().filter(o -> o.deployment().equals("stat20")).findFirst().orElseThrow()
                .result().get("change").toString()).contains("never deployed by hubdeploy");
        assertThat(log.text()).contains("[a11y] changed: building a11y for staging: 1 input(s) changed since the live"
                        + " commit ").contains("[astro] changed: not building astro for staging: no input changed")
                .contains(all.size() + " deployment(s): 2 ok, " + (all.size() - 2) + " skipped, 0 failed");
        // what was read: one record per deployment, from the kubectl the deploy side uses
        assertThat(cluster.calls("kubectl", "get")).hasSize(all.size());
    }

    @Test
    void buildOrSkipOfOneDeploymentReturnsTheSkipInsteadOfImagesOrTheImagesWhenItChanged() throws Exception {
        snapshot2024();
        liveEverywhere(head());
        List<Map<String, Object>> skipped = many().buildOrSkip(ConfigLoader.load(repo, "a11y"),
                ImageBuildOptions.defaults(), ChangedOnly.sinceLive("staging"), log);
        assertThat(skipped).singleElement().satisfies(m -> {
            assertThat(m).containsOnlyKeys("deployment", "environment", "skipped")
                    .containsEntry("deployment", "a11y").containsEntry("environment", "staging");
            assertThat(m.get("skipped").toString()).startsWith("no input changed since the live commit ");
        });

        commitChange("hub/values.yaml", "\n# the shared chart counts for every deployment\n");
        List<Map<String, Object>> built = many().buildOrSkip(ConfigLoader.load(repo, "a11y"),
                ImageBuildOptions.defaults(), ChangedOnly.sinceLive("staging"), log);
        assertThat(built).singleElement().satisfies(m -> assertThat(m).containsEntry("prebuilt", true)
                .containsKey("image").doesNotContainKey("skipped"));
        assertThat(log.text()).contains("changed: building a11y for staging: 1 input(s) changed since the live commit ")
                .contains("hub/values.yaml");
    }

    private void snapshot2024() throws Exception {
        repo = RealHubSnapshots.unpack("2024", tmp.resolve("y2024"));
        cluster = new FakeHelmCluster(repo, log);
        all = ConfigLoader.listDeployments(repo);
    }

    @Test
    void unknownNameInAListIsExit2WithASuggestion() {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> many().deploy(new DeploymentSelection("data8,dat100"), preflight(), false, 2));
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("unknown deployment 'dat100'").contains("did you mean 'data100'?");
        assertThat(new DeploymentSelection("data8").many()).isFalse();
        assertThat(new DeploymentSelection("data8, r").many()).isTrue();
    }
}
