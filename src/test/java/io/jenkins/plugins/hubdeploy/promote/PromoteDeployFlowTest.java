package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.PipelineRun;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.FakeRegistry;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.KubeApiMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Mode deploy end to end: staging evidence recorded and merged with real git, then on the prod branch: verification,
 * the prod Lease with the REAL kubectl against {@link KubeApiMock} (the Kubernetes API the tests have), the prod
 * deploy with helm and the workload kubectl calls SIMULATED by {@link FakeHelmCluster} (no helm binary or API server
 * here), the registry SIMULATED by {@link FakeRegistry}, and the prod smoke test against a REAL JupyterHub. Then the
 * prod evidence note on the remote.
 */
class PromoteDeployFlowTest {
    private static final String USER_TAG = "h-user-0001";
    private static final String TOOLS_TAG = "h-tools-0001";
    private static final String USER_DIGEST = "sha256:" + "c".repeat(64);
    private static final String TOOLS_DIGEST = "sha256:" + "d".repeat(64);
    private static final String STAGING_HUB = "https://staging.datahub.example.org";

    static JupyterHubFixture hub;

    @TempDir
    Path tmp;
    FakeRegistry registry;
    KubeApiMock api;
    Path origin;
    final CollectingLog log = new CollectingLog();

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
    void setUp() {
        registry = null;
        api = null;
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** origin with datahub's configuration (prod's hubUrl = the real hub), staging evidence recorded, prod merged. */
    private Path promotedProdCheckout(String imports) throws Exception {
        return promotedProdCheckout(imports, false);
    }

    /**
     * The same, or with {@code hubployOnly} configured only by a hubploy.yaml naming the same two images (as DataHub's
     * repository is): no hub URL, no smoke settings.
     */
    private Path promotedProdCheckout(String imports, boolean hubployOnly) throws Exception {
        Components.require("git", "apt-get install -y git");
        registry = new FakeRegistry();
        registry.put("datahub/user-image", USER_TAG, USER_DIGEST);
        registry.put("datahub/tools-image", TOOLS_TAG, TOOLS_DIGEST);
        Path seed = ExampleRepo.datahub(tmp.resolve("seed"), registry.host(), "promote-deploy");
        Path yaml = seed.resolve("deployments/datahub/hubdeploy.yaml");
        String config = Files.readString(yaml).replace("hubUrl: https://datahub.example.org", "hubUrl: " + hub.url());
        config = config.substring(0, config.indexOf("smoke:")) + "smoke:\n  user: prod-promote-check\n  imports: ["
                + imports + "]\n  timeout: 120\n";
        Files.writeString(yaml, config);
        if (hubployOnly) {
            Files.delete(yaml);
            Files.writeString(seed.resolve("deployments/datahub/hubploy.yaml"), "images:\n  images:\n"
                    + "    - name: " + registry.host() + "/datahub/user-image\n      path: images/user-image\n"
                    + "    - name: " + registry.host() + "/datahub/tools-image\n      path: images/tools-image\n"
                    + "      helm_substitution_path: tools.image\n"
                    + "cluster:\n  provider: gcloud\n  gcloud: {project: p, cluster: c, zone: z, service_key: k.json}\n");
        }
        Files.writeString(seed.resolve(".gitignore"), ".hubdeploy/\nhubdeploy-smoke*\n");
        ExampleRepo.git(seed, "add", "-A");
        ExampleRepo.git(seed, "commit", "-qm", "prod hub for the test");
        origin = tmp.resolve("origin.git");
        PromoteRepos.git(tmp, "init", "-q", "--bare", origin.toString());
        ExampleRepo.git(seed, "push", "-q", origin.toString(), "HEAD:refs/heads/staging", "HEAD:refs/heads/prod");

        Path ci = tmp.resolve("ci");
        PromoteRepos.git(tmp, "clone", "-q", "-b", "staging", origin.toString(), ci.toString());
        PromoteRepos.commitAndPush(ci, "deployments/datahub/config/staging.yaml", "# tested on staging\n");
        DeployRecord staging = new DeployRecord("datahub", "staging", "datahub-staging", "datahub-staging", 8, "deployed",
                "hub", "0.1.0", List.of(new ImageValues(registry.host() + "/datahub/user-image", USER_TAG, USER_DIGEST, null),
                new ImageValues(registry.host() + "/datahub/tools-image", TOOLS_TAG, TOOLS_DIGEST, null)),
                "e".repeat(64), PromoteRepos.head(ci), PromoteRepos.tree(ci, "HEAD"), false, "2026-12-01T10:00:00Z",
                null, "v3.16.0");
        PromoteRepos.write(ci.resolve(DeployRecord.workspacePath("staging")), staging.toJson());
        PromoteRepos.write(ci.resolve("hubdeploy-smoke.json"), "{\"hubUrl\":\"" + STAGING_HUB + "\",\"hubVersion\":\"4.1.5\","
                + "\"passed\":7,\"failed\":0,\"skipped\":0,\"exitCode\":0}");
        for (PromoteMode mode : List.of(PromoteMode.RECORD, PromoteMode.MERGE)) {
            PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                    PromoteOptions.of(mode), null, null);
        }
        Path prod = tmp.resolve("prod-build");
        PromoteRepos.git(tmp, "clone", "-q", "-b", "prod", origin.toString(), prod.toString());
        return prod;
    }

    private ProcessRunner runner(Path prod, FakeHelmCluster cluster) {
        return PromoteRepos.leasesToRealKubectl(prod, log, cluster);
    }

    private Map<String, String> env(Path dir) throws Exception {
        api = new KubeApiMock();
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", api.writeKubeconfig(dir).toString());
        env.put(KubectlCli.KUBECTL_BIN, Components.require("kubectl", "bin/install-deps (kubectl)").toString());
        env.put("BRANCH_NAME", "prod");
        env.put("BUILD_URL", "https://jenkins.example.org/job/datahub/job/prod/3/");
        return env;
    }

    private Evidence prodEvidence(Path prod) throws Exception {
        Path reader = tmp.resolve("reader-" + System.nanoTime());
        PromoteRepos.git(tmp, "clone", "-q", origin.toString(), reader.toString());
        PromoteRepos.git(reader, "fetch", "-q", "origin", EvidenceStore.REF + ":" + EvidenceStore.REF);
        String note = PromoteRepos.git(reader, "notes", "--ref=hubdeploy", "show", PromoteRepos.tree(prod, "HEAD"));
        return EvidenceNote.parse(note, "test").find("datahub", "prod").orElseThrow();
    }

    @Test
    void deployTakesTheLeaseDeploysTheRecordedDigestsSmokesProdAndRecordsProdEvidence() throws Exception {
        Path prod = promotedProdCheckout("json");
        FakeHelmCluster cluster = new FakeHelmCluster(prod, log).withRevisions(3, "deployed", Map.of());
        Map<String, String> env = env(tmp);

        Map<String, Object> result = PromoteRepos.engine(runner(prod, cluster), prod, log, env, Clock.systemUTC())
                .run(PromoteRepos.config(prod), PromoteOptions.of(PromoteMode.DEPLOY), null, null, hub.token());

        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = (Map<String, Object>) result.get("prod");
        assertThat(outcome).containsEntry("passed", true).containsEntry("previousRevision", 3);
        FakeHelmCluster.Call upgrade = cluster.calls("helm", "upgrade").get(0);
        assertThat(upgrade.argv()).containsSubsequence("upgrade", "--install", "datahub-prod");
        assertThat(upgrade.valuesFiles().get(upgrade.valuesFiles().size() - 1))
                .contains("tag: \"" + USER_TAG + "\"", "tag: \"" + TOOLS_TAG + "\"");
        assertThat(api.requests()).anyMatch(r -> r.contains("POST") && r.contains("/leases"))
                .anyMatch(r -> r.contains("DELETE") && r.contains("/leases/hubdeploy-promote-datahub-prod"));
        Evidence recorded = prodEvidence(prod);
        assertThat(recorded.result()).isEqualTo("passed");
        assertThat(recorded.deploy().release()).isEqualTo("datahub-prod");
        assertThat(recorded.deploy().revision()).isEqualTo(4);
        assertThat(recorded.images()).extracting(Evidence.Image::digest).containsExactly(USER_DIGEST, TOOLS_DIGEST);
        assertThat(recorded.smoke().hubUrl()).isEqualTo(hub.url());
        assertThat(recorded.smoke().failed()).isZero();
        assertThat(recorded.extra()).containsKey("stagingEvidence");
        assertThat(log.text()).doesNotContain(hub.token());
    }

    @Test
    void aHubployOnlyDeploymentSmokesTheProdHubUrlGivenToThePromotion() throws Exception {
        Path prod = promotedProdCheckout("json", true);
        assertThat(PromoteRepos.config(prod).configFile()).endsWith("hubploy.yaml");
        assertThat(PromoteRepos.config(prod).environment("prod").hubUrl()).isNull();
        FakeHelmCluster cluster = new FakeHelmCluster(prod, log).withRevisions(3, "deployed", Map.of());
        Map<String, String> env = env(tmp);
        PromoteOptions withHubUrl = new PromoteOptions(PromoteMode.DEPLOY, null, null, null, null, null, null, null,
                null, null, null, null, false, false, null, null, hub.url());

        Map<String, Object> result = PromoteRepos.engine(runner(prod, cluster), prod, log, env, Clock.systemUTC())
                .run(PromoteRepos.config(prod), withHubUrl, null, null, hub.token());

        assertThat(result.get("prod").toString()).contains("passed=true");
        assertThat(cluster.calls("helm", "upgrade")).hasSize(1);
        Evidence recorded = prodEvidence(prod);
        assertThat(recorded.result()).isEqualTo(Evidence.PASSED);
        assertThat(recorded.smoke().hubUrl()).isEqualTo(hub.url());
        assertThat(recorded.smoke().passed()).isPositive();
        assertThat(log.text()).doesNotContain(hub.token());
    }

    /** {@code hubdeploy run --env prod --hub-url URL}: the same deploy mode, the URL from run's option. */
    @Test
    void runEnvProdGivesItsHubUrlToTheProdDeploy() throws Exception {
        Path prod = promotedProdCheckout("json", true);
        FakeHelmCluster cluster = new FakeHelmCluster(prod, log).withRevisions(3, "deployed", Map.of());
        Map<String, String> env = env(tmp);

        List<PipelineRun.Stage> stages = new PipelineRun(runner(prod, cluster), new LocalAgent(prod),
                SerializableBuildLog.inProcess(log), env, Clock.systemUTC()).run(PromoteRepos.config(prod),
                new PipelineRun.Options("prod", null, hub.url(), null, hub.token(), null, null));

        assertThat(stages).singleElement().satisfies(s -> assertThat(s.result()).isEqualTo("ok"));
        assertThat(prodEvidence(prod).smoke().hubUrl()).isEqualTo(hub.url());
        assertThat(log.text()).doesNotContain(hub.token());
    }

    @Test
    void withoutTheHubUrlAHubployOnlyDeploymentIsRefusedBeforeProdChanges() throws Exception {
        Path prod = promotedProdCheckout("json", true);
        FakeHelmCluster cluster = new FakeHelmCluster(prod, log).withRevisions(3, "deployed", Map.of());
        Map<String, String> env = env(tmp);

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> PromoteRepos.engine(
                runner(prod, cluster), prod, log, env, Clock.systemUTC()).run(PromoteRepos.config(prod),
                PromoteOptions.of(PromoteMode.DEPLOY), null, null, hub.token()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("environment 'prod' has no hubUrl").contains("--hub-url (step: hubUrl)")
                .contains("hubploy.yaml has no place for it");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    @Test
    void failedProdSmokeRollsBackAndIsRecordedAsFailed() throws Exception {
        Path prod = promotedProdCheckout("json, hubdeploy_module_that_is_not_there");
        FakeHelmCluster cluster = new FakeHelmCluster(prod, log).withRevisions(3, "deployed", Map.of());
        Map<String, String> env = env(tmp);

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> PromoteRepos.engine(
                runner(prod, cluster), prod, log, env, Clock.systemUTC()).run(PromoteRepos.config(prod),
                PromoteOptions.of(PromoteMode.DEPLOY), null, null, hub.token()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("prod smoke test of revision 4 failed").contains("rolled back to revision 3");
        assertThat(cluster.calls("helm", "rollback").get(0).argv()).containsSubsequence("rollback", "datahub-prod", "3");
        Evidence recorded = prodEvidence(prod);
        assertThat(recorded.result()).isEqualTo("failed");
        assertThat(recorded.smoke().failed()).isPositive();
        assertThat(recorded.extra().get("rollback").toString()).contains("succeeded=true").contains("toRevision=3");
        assertThat(api.requests()).anyMatch(r -> r.contains("DELETE") && r.contains("/leases/"));
    }
}
