package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.FakeRegistry;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The prod deploy with a REAL JupyterHub as the prod hub (its smoke test runs for real: user, spawn, kernel,
 * imports) and helm/kubectl SIMULATED by {@link FakeHelmCluster} (no helm binary or API server here; a stand-in until
 * the real test cluster exists, so the rollback is the stand-in's {@code helm rollback}). The registry is
 * SIMULATED by {@link FakeRegistry}. What links the two: the release's user image "has" the Python package
 * {@value #PROBE} when the module file is in the smoke user's home (the kernel's working directory, so it imports
 * from there); deploying the broken image deletes it, rolling back restores it ({@link ImageEffects}).
 */
class ProdDeployerTest {
    private static final String PROBE = "hubdeploy_prod_probe";
    private static final String SMOKE_USER = "prod-smoke-check";
    private static final String USER_TAG = "h-recorded-user-0001";
    private static final String TOOLS_TAG = "h-recorded-tools-0001";
    private static final String USER_DIGEST = "sha256:" + "a".repeat(64);
    private static final String TOOLS_DIGEST = "sha256:" + "b".repeat(64);
    private static final String PROD_SECRET = "fake-prod-proxy-token-not-a-real-secret-11111111";
    private static final ObjectMapper JSON = new ObjectMapper();

    static JupyterHubFixture hub;

    @TempDir
    Path tmp;
    Path repo;
    FakeRegistry registry;
    FakeHelmCluster cluster;
    ImageEffects effects;
    CollectingLog log = new CollectingLog();

    @BeforeAll
    static void startHub() throws Exception {
        hub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.stop();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Components.require("git", "apt-get install -y git");
        registry = new FakeRegistry();
        repo = ExampleRepo.datahub(tmp.resolve("repo"), registry.host(), "prod-deployer");
        Path yaml = repo.resolve("deployments/datahub/hubdeploy.yaml");
        String config = Files.readString(yaml).replace("hubUrl: https://datahub.example.org", "hubUrl: " + hub.url());
        config = config.substring(0, config.indexOf("smoke:")) + "smoke:\n  user: " + SMOKE_USER + "\n  imports: [json, "
                + PROBE + "]\n  timeout: 120\n";
        Files.writeString(yaml, config);
        ExampleRepo.git(repo, "commit", "-qam", "prod hub and smoke settings for the test");
        registry.put("datahub/user-image", USER_TAG, USER_DIGEST);
        registry.put("datahub/tools-image", TOOLS_TAG, TOOLS_DIGEST);
        cluster = new FakeHelmCluster(repo, log);
        effects = new ImageEffects(cluster, hub.home(SMOKE_USER).resolve(PROBE + ".py"));
        effects.install();
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private void setRollbackFirstInstall() throws IOException {
        Path yaml = repo.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "promotion:\n  rollbackFirstInstall: true\n");
    }

    private DeploymentConfig config() throws HubDeployException {
        return ConfigLoader.load(repo, "datahub");
    }

    /** What the staging evidence recorded (valuesPath is the configuration's business). */
    private List<ImageValues> recordedImages() {
        return List.of(new ImageValues(registry.host() + "/datahub/user-image", USER_TAG, USER_DIGEST, null),
                new ImageValues(registry.host() + "/datahub/tools-image", TOOLS_TAG, TOOLS_DIGEST, null));
    }

    private ProdDeployOutcome deploy() throws Exception {
        return deploy(ProdDeployOptions.defaults("prod"));
    }

    private ProdDeployOutcome deploy(ProdDeployOptions options) throws Exception {
        Map<String, String> env = Map.of("KUBECONFIG", "/home/ci/.kube/prod", "BUILD_URL", "https://ci.example.org/job/hub/9/");
        return new ProdDeployer(effects, new LocalAgent(repo), SerializableBuildLog.inProcess(log), env)
                .deploy(config(), recordedImages(), options, hub.token());
    }

    /** Prod's smoke settings plus JUnit and JSON report files. */
    private static ProdDeployOptions withReports() {
        return new ProdDeployOptions(DeployOptions.defaults("prod"), new io.jenkins.plugins.hubdeploy.run.SmokeRequest(
                null, "prod", null, null, null, null, null, null, null, null, null, null, null, "reports/prod-smoke.xml",
                "reports/prod-smoke.json"));
    }

    private String everything(ProdDeployOutcome outcome) throws Exception {
        return log.text() + "\n" + JSON.writeValueAsString(outcome.toMap()) + "\n" + outcome.message();
    }

    private void assertNoSecret(String text) {
        assertThat(text).doesNotContain(hub.token()).doesNotContain(PROD_SECRET);
    }

    @Test
    void passPathDeploysTheRecordedImagesAndSmokesProd() throws Exception {
        cluster.withRevisions(3, "deployed", Map.of());

        ProdDeployOutcome outcome = deploy();

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.message()).isEqualTo("prod release datahub-prod revision 4 deployed and its smoke test passed");
        assertThat(outcome.previousRevision()).isEqualTo(3);
        assertThat(outcome.deployRecord().environment()).isEqualTo("prod");
        assertThat(outcome.deployRecord().namespace()).isEqualTo("datahub-prod");
        assertThat(outcome.deployRecord().revision()).isEqualTo(4);
        assertThat(outcome.deployRecord().images()).extracting(ImageValues::tag).containsExactly(USER_TAG, TOOLS_TAG);
        assertThat(outcome.deployRecord().images()).extracting(ImageValues::digest).containsExactly(USER_DIGEST, TOOLS_DIGEST);
        FakeHelmCluster.Call upgrade = cluster.calls("helm", "upgrade").get(0);
        assertThat(upgrade.argv()).containsSubsequence("upgrade", "--install", "datahub-prod", "--namespace", "datahub-prod");
        assertThat(upgrade.valuesFiles().get(upgrade.valuesFiles().size() - 1))
                .contains("tag: \"" + USER_TAG + "\"", "tag: \"" + TOOLS_TAG + "\""); // recorded, never recomputed
        assertThat(upgrade.valuesFiles()).anyMatch(v -> v.contains("prod"));
        assertThat(outcome.smoke().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(outcome.smoke().hubUrl()).isEqualTo(hub.url());
        assertThat(outcome.smoke().failureLines()).isEmpty();
        assertThat(outcome.rollback()).isNull();
        assertThat(outcome.smokeAfterRollback()).isNull();
        assertThat(cluster.calls("helm", "rollback")).isEmpty();
        assertThat(outcome.toMap()).containsEntry("passed", true).containsEntry("exitCode", 0).containsKey("deployRecord");
        outcome.verdict();
        assertNoSecret(everything(outcome));
    }

    @Test
    void prodSmokeFailureRollsBackToThePreviousRevisionAndSmokesAgain() throws Exception {
        cluster.withRevisions(3, "deployed", Map.of());
        effects.breakOnUpgrade = true; // the new user image lacks the package

        ProdDeployOutcome outcome = deploy(withReports());

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(outcome.smoke().exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(String.join("\n", outcome.smoke().failureLines())).contains(PROBE);
        List<FakeHelmCluster.Call> rollbacks = cluster.calls("helm", "rollback");
        assertThat(rollbacks).hasSize(1);
        assertThat(rollbacks.get(0).argv()).containsSubsequence("rollback", "datahub-prod", "3", "--namespace",
                "datahub-prod", "--wait", "--timeout");
        assertThat(outcome.rollback().succeeded()).isTrue();
        assertThat(outcome.rollback().toRevision()).isEqualTo(3);
        assertThat(outcome.rollback().newRevision()).isEqualTo(5);
        assertThat(cluster.last().description()).isEqualTo("Rollback to 3");
        // the rollout was awaited after the rollback: the workloads were checked a second time
        assertThat(cluster.calls("kubectl", "rollout")).hasSize(4);
        assertThat(outcome.smokeAfterRollback().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(outcome.message()).contains("the prod smoke test of revision 4 failed", PROBE,
                "rolled back to revision 3 (now revision 5)", "the smoke test passes on it");
        Map<String, Object> map = outcome.toMap();
        assertThat(map).containsEntry("passed", false).containsEntry("exitCode", 1);
        assertThat(map.get("smoke").toString()).contains("failed=1");
        assertThat(map.get("smokeAfterRollback").toString()).contains("failed=0");
        HubDeployException verdict = catchThrowableOfType(HubDeployException.class, outcome::verdict);
        assertThat(verdict.exitCode()).isEqualTo(ExitCode.FAILED);
        // both runs' files, side by side: the first names the missing module, the second passed
        String firstJunit = Files.readString(repo.resolve("reports/prod-smoke.xml"));
        String secondJunit = Files.readString(repo.resolve("reports/prod-smoke-after-rollback.xml"));
        assertThat(firstJunit).contains(PROBE).contains("<failure");
        assertThat(secondJunit).doesNotContain("<failure");
        assertThat(Files.readString(repo.resolve("reports/prod-smoke-after-rollback.json"))).contains("\"failed\" : 0");
        StringBuilder files = new StringBuilder(everything(outcome));
        for (String f : List.of("prod-smoke.xml", "prod-smoke.json", "prod-smoke-after-rollback.xml",
                "prod-smoke-after-rollback.json", "../.hubdeploy/deploy-prod.json")) {
            files.append(Files.readString(repo.resolve("reports").resolve(f).normalize()));
        }
        assertNoSecret(files.toString());
    }

    @Test
    void aFailingRollbackIsReportedAndExitsOne() throws Exception {
        cluster.withRevisions(2, "deployed", Map.of());
        effects.breakOnUpgrade = true;
        cluster.rollbackFailure = "Error: timed out waiting for the condition\n";

        ProdDeployOutcome outcome = deploy();

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(cluster.calls("helm", "rollback")).hasSize(1);
        assertThat(outcome.rollback().succeeded()).isFalse();
        assertThat(outcome.rollback().detail()).contains("the rollback to revision 2 FAILED",
                "Error: timed out waiting for the condition", "helm rollback datahub-prod 2 --namespace datahub-prod");
        assertThat(outcome.smokeAfterRollback()).isNull();
        assertThat(outcome.message()).contains("smoke test of revision 3 failed", "FAILED");
        assertThat(catchThrowableOfType(HubDeployException.class, outcome::verdict).getMessage())
                .contains("rollback to revision 2 FAILED");
        assertNoSecret(everything(outcome));
    }

    @Test
    void aPromotionThatLostItsLockDoesNotRollBack() throws Exception {
        cluster.withRevisions(3, "deployed", Map.of());
        effects.breakOnUpgrade = true;
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        ProdDeployer.LockCheck lostAfterTheDeploy = () -> {
            if (checks.incrementAndGet() > 1) {
                throw HubDeployException.failed("the promotion lost its lock: Lease hubdeploy-promote-datahub-prod is"
                        + " now held by build-99");
            }
        };

        ProdDeployOutcome outcome = new ProdDeployer(effects, new LocalAgent(repo), SerializableBuildLog.inProcess(log),
                Map.of()).deploy(config(), recordedImages(), ProdDeployOptions.defaults("prod"), hub.token(),
                lostAfterTheDeploy);

        assertThat(checks.get()).isEqualTo(2);
        assertThat(cluster.calls("helm", "upgrade")).hasSize(1);
        assertThat(cluster.calls("helm", "rollback")).isEmpty();
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(outcome.rollback().action()).isEqualTo("none");
        assertThat(outcome.message()).contains("prod was NOT put back", "now held by build-99");
    }

    @Test
    void aDeployThatFailsAfterChangingTheReleaseIsRolledBackToo() throws Exception {
        cluster.withRevisions(3, "deployed", Map.of());
        cluster.upgradeFailure = "Error: UPGRADE FAILED: timed out waiting for the condition\n";

        ProdDeployOutcome outcome = deploy();

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(outcome.deployRecord()).isNull();
        assertThat(outcome.deployFailure()).contains("UPGRADE FAILED");
        assertThat(outcome.smoke()).isNull();
        assertThat(cluster.calls("helm", "rollback").get(0).argv()).containsSubsequence("rollback", "datahub-prod", "3");
        assertThat(outcome.smokeAfterRollback().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(outcome.message()).contains("the prod deploy failed", "rolled back to revision 3");
    }

    @Test
    void aRePushedTagIsRefusedBeforeProdChanges() throws Exception {
        cluster.withRevisions(3, "deployed", Map.of());
        registry.put("datahub/user-image", USER_TAG, "sha256:" + "c".repeat(64));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, this::deploy);

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("was pushed again", "sha256:" + "c".repeat(64), USER_DIGEST,
                "Nothing was changed");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
        assertThat(cluster.calls("helm", "rollback")).isEmpty();
        assertThat(cluster.revisions).hasSize(3);
    }

    @Test
    void aFailedFirstInstallIsLeftInPlaceByDefault() throws Exception {
        effects.breakOnUpgrade = true;

        ProdDeployOutcome outcome = deploy();

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(outcome.previousRevision()).isNull();
        assertThat(outcome.rollback().action()).isEqualTo("none");
        assertThat(outcome.rollback().detail()).contains("first install", "promotion.rollbackFirstInstall: true");
        assertThat(cluster.calls("helm", "uninstall")).isEmpty();
        assertThat(cluster.calls("helm", "rollback")).isEmpty();
        assertThat(cluster.revisions).hasSize(1);
    }

    @Test
    void aFailedFirstInstallIsUninstalledWhenAsked() throws Exception {
        setRollbackFirstInstall();
        effects.breakOnUpgrade = true;

        ProdDeployOutcome outcome = deploy();

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(outcome.rollback().action()).isEqualTo("uninstall");
        assertThat(outcome.rollback().succeeded()).isTrue();
        assertThat(cluster.calls("helm", "uninstall").get(0).argv()).containsSubsequence("uninstall", "datahub-prod",
                "--namespace", "datahub-prod");
        assertThat(cluster.revisions).isEmpty();
        assertThat(outcome.smokeAfterRollback()).isNull();
    }

    @Test
    void afterRollbackFilesSitBesideTheFirstRunsFiles() {
        assertThat(ProdDeployer.suffixed("reports/prod-smoke.xml")).isEqualTo("reports/prod-smoke-after-rollback.xml");
        assertThat(ProdDeployer.suffixed("reports.d/junit")).isEqualTo("reports.d/junit-after-rollback");
        assertThat(ProdDeployer.suffixed(null)).isNull();
    }

    @Test
    void aDryRunIsRefused() {
        ProdDeployOptions dry = new ProdDeployOptions(new DeployOptions("prod", true, false,
                DeployOptions.DEFAULT_TIMEOUT, null, io.jenkins.plugins.hubdeploy.helm.StuckPolicy.FAIL),
                ProdDeployOptions.smokeOf("prod"));
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new ProdDeployer(effects,
                new LocalAgent(repo), SerializableBuildLog.inProcess(log), Map.of())
                .deploy(config(), recordedImages(), dry, hub.token()));
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void withoutAHubTokenProdIsNotTouched() {
        cluster.withRevisions(3, "deployed", Map.of());
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new ProdDeployer(effects,
                new LocalAgent(repo), SerializableBuildLog.inProcess(log), Map.of())
                .deploy(config(), recordedImages(), ProdDeployOptions.defaults("prod"), " "));
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("no JupyterHub API token", hub.url());
        assertThat(cluster.calls).isEmpty();
    }

    /**
     * The link between the simulated cluster and the real hub: a successful {@code helm upgrade} while
     * {@link #breakOnUpgrade} deletes the probe module (the deployed image lacks the package); a successful
     * {@code helm rollback} restores it (the previous image had it).
     */
    static final class ImageEffects implements ProcessRunner {
        private final FakeHelmCluster cluster;
        private final Path module;
        volatile boolean breakOnUpgrade;

        ImageEffects(FakeHelmCluster cluster, Path module) {
            this.cluster = cluster;
            this.module = module;
        }

        void install() throws IOException {
            Files.createDirectories(module.getParent());
            Files.writeString(module, "PRESENT = True\n");
        }

        @Override
        public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
            ProcessResult result = cluster.run(spec);
            List<String> argv = spec.argv();
            boolean helm = Path.of(argv.get(0)).getFileName().toString().equals("helm");
            if (helm && result.ok() && argv.get(1).equals("upgrade") && breakOnUpgrade) {
                Files.deleteIfExists(module);
            }
            if (helm && result.ok() && argv.get(1).equals("rollback")) {
                install();
            }
            return result;
        }
    }
}
