package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.helm.HelmCli;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.kube.LeaseLock;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The prod deploy ({@link ProdDeployer}) on REAL components, with Helm 3 and with Helm 4: the real test cluster
 * ({@link TestCluster}: API server, controller-manager, scheduler, kwok), real helm and kubectl with the
 * namespace-scoped deployer identity, a real registry holding the recorded tags (their digests are checked), and a real
 * JupyterHub as the prod hub (the smoke test spawns a server and imports for real). So the rollback here is a real
 * {@code helm rollback}, seen in the live release's {@code helm history}. The pass path holds the promotion lock as
 * {@code --mode deploy} does: a real {@code coordination.k8s.io/v1} Lease in prod's namespace, gone afterwards.
 *
 * <p>The one stand-in: kwok runs no containers, so whether "the deployed user image has the package" is modelled by
 * {@link ProdDeployerTest.ImageEffects}: after a successful real {@code helm upgrade} of the broken image the module
 * {@value #PROBE} is removed from the smoke user's home; after a successful real {@code helm rollback} it is back.
 */
@ParameterizedClass
@ValueSource(strings = {"helm3", "helm4"})
class ProdDeployerIT {
    private static final String PROBE = "hubdeploy_prod_probe";
    private static final String SMOKE_USER = "prod-smoke-check";
    private static final String RELEASE = "datahub-prod";
    private static final String PROD_SECRET = "fake-prod-proxy-token-not-a-real-secret-11111111";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCluster cluster;
    private static RegistryFixture registry;
    private static JupyterHubFixture hub;
    private static Path shared;

    @Parameter
    String tool;

    @TempDir
    Path tmp;
    private Path repo;
    private String namespace;
    private Path helm;
    private List<ImageValues> recorded;
    private final CollectingLog log = new CollectingLog();
    private ProdDeployerTest.ImageEffects effects;

    @BeforeAll
    static void startComponents() throws Exception {
        Components.require("git", "apt-get install -y git");
        cluster = TestCluster.shared();
        shared = Files.createTempDirectory("hubdeploy-prod-deploy-");
        registry = RegistryFixture.start(shared.resolve("registry"));
        hub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
    }

    @AfterAll
    static void stopComponents() throws Exception {
        try {
            if (hub != null) {
                hub.stop();
            }
        } finally {
            if (registry != null) {
                registry.stop();
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        helm = Tools.helm(tool);
        namespace = cluster.newNamespace(tool + "-prod");
        repo = ExampleRepo.datahub(tmp.resolve("repo"), registry.hostPort(), "prod-deployer-it-" + namespace);
        ExampleRepo.prodOn(repo, namespace, hub.url(), SMOKE_USER, List.of("json", PROBE));
        String userTag = "h-recorded-user-" + namespace;
        String toolsTag = "h-recorded-tools-" + namespace;
        recorded = List.of(
                new ImageValues(registry.hostPort() + "/datahub/user-image", userTag,
                        registry.pushTinyImage("datahub/user-image", userTag), null),
                new ImageValues(registry.hostPort() + "/datahub/tools-image", toolsTag,
                        registry.pushTinyImage("datahub/tools-image", toolsTag), null));
        effects = new ProdDeployerTest.ImageEffects(new LocalProcessRunner(repo, log),
                hub.home(SMOKE_USER).resolve(PROBE + ".py"));
        effects.install();
    }

    @Test
    void passPathDeploysTheRecordedDigestsAndSmokesProd() throws Exception {
        // the promotion lock as --mode deploy takes it: a real Lease in prod's namespace, held while prod changes
        List<String> leasesSeenAtTheCheck = new java.util.ArrayList<>();
        ProdDeployOutcome outcome;
        KubectlCli kubectl = new KubectlCli(new LocalProcessRunner(repo, log), env(), new SecretMasker());
        try (LeaseLock lock = LeaseLock.acquire(kubectl, new LocalAgent(repo), log, new SecretMasker(),
                new LeaseLock.Settings(namespace, RELEASE, "prod-deployer-it #1", Duration.ofMinutes(5), Duration.ZERO))) {
            outcome = new ProdDeployer(effects, new LocalAgent(repo), SerializableBuildLog.inProcess(log), env())
                    .deploy(ConfigLoader.load(repo, "datahub"), recorded, ProdDeployOptions.defaults("prod"),
                            hub.token(), () -> {
                                lock.checkHeld();
                                leasesSeenAtTheCheck.add(leases());
                            });
        }
        assertThat(leasesSeenAtTheCheck).singleElement().asString().contains(LeaseLock.NAME_PREFIX + RELEASE);
        assertThat(leases()).as("released after the deploy").doesNotContain(LeaseLock.NAME_PREFIX + RELEASE);

        assertThat(outcome.exitCode()).as(log.text()).isEqualTo(ExitCode.OK);
        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.message()).isEqualTo("prod release " + RELEASE + " revision 1 deployed and its smoke test passed");
        assertThat(outcome.deployRecord().revision()).isEqualTo(1);
        assertThat(outcome.deployRecord().images()).extracting(ImageValues::tag)
                .containsExactly(recorded.get(0).tag(), recorded.get(1).tag());
        assertThat(outcome.deployRecord().images()).extracting(ImageValues::digest)
                .containsExactly(recorded.get(0).digest(), recorded.get(1).digest());
        assertThat(outcome.smoke().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(outcome.smoke().hubUrl()).isEqualTo(hub.url());
        assertThat(outcome.rollback()).isNull();
        // the live release runs the recorded tags, and the rollout really happened
        ImageValues user = recorded.get(0);
        assertThat(cluster.kubectl("get", "configmap", RELEASE + "-images", "-n", namespace, "-o",
                "jsonpath={.data.user-image}")).isEqualTo(user.name() + ":" + user.tag());
        assertThat(cluster.kubectl("get", "deployment", "hub", "-n", namespace, "-o",
                "jsonpath={.status.readyReplicas}")).isEqualTo("1");
        JsonNode history = history();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("status").asText()).isEqualTo("deployed");
        assertNoSecret(everything(outcome));
    }

    @Test
    void prodSmokeFailureIsARealHelmRollbackThenASecondSmokeRun() throws Exception {
        assertThat(deploy(ProdDeployOptions.defaults("prod")).exitCode()).as(log.text()).isEqualTo(ExitCode.OK);
        effects.breakOnUpgrade = true; // the promoted user image lacks the package

        ProdDeployOutcome outcome = deploy(new ProdDeployOptions(DeployOptions.defaults("prod"), new SmokeRequest(
                null, "prod", null, null, null, null, null, null, null, null, null, null, null,
                "reports/prod-smoke.xml", "reports/prod-smoke.json")));

        assertThat(outcome.exitCode()).as(log.text()).isEqualTo(ExitCode.FAILED);
        assertThat(outcome.previousRevision()).isEqualTo(1);
        assertThat(outcome.deployRecord().revision()).isEqualTo(2);
        assertThat(outcome.smoke().exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(String.join("\n", outcome.smoke().failureLines())).contains(PROBE);
        assertThat(outcome.rollback().succeeded()).as(outcome.rollback().detail()).isTrue();
        assertThat(outcome.rollback().toRevision()).isEqualTo(1);
        assertThat(outcome.rollback().newRevision()).isEqualTo(3);
        // the live release: helm wrote a third revision, a rollback to 1, and it is the deployed one
        JsonNode history = history();
        assertThat(history).hasSize(3);
        assertThat(history.get(2).path("revision").asInt()).isEqualTo(3);
        assertThat(history.get(2).path("description").asText()).isEqualTo("Rollback to 1");
        assertThat(history.get(2).path("status").asText()).isEqualTo("deployed");
        assertThat(history.get(1).path("status").asText()).isEqualTo("superseded");
        // the rollout wait after the rollback ran against the live Deployment
        assertThat(log.text()).contains("rolled back to revision 1 (now revision 3)")
                .containsPattern("(?s)rolling release " + RELEASE + " back.*rollout: deployment/hub is rolled out");
        assertThat(outcome.smokeAfterRollback().exitCode()).isEqualTo(ExitCode.OK);
        assertThat(outcome.message()).contains("the prod smoke test of revision 2 failed", PROBE,
                "rolled back to revision 1 (now revision 3)", "the smoke test passes on it");
        HubDeployException verdict = catchThrowableOfType(HubDeployException.class, outcome::verdict);
        assertThat(verdict.exitCode()).isEqualTo(ExitCode.FAILED);
        // both runs reported, side by side
        assertThat(Files.readString(repo.resolve("reports/prod-smoke.xml"))).contains(PROBE).contains("<failure");
        assertThat(Files.readString(repo.resolve("reports/prod-smoke-after-rollback.xml"))).doesNotContain("<failure");
        assertThat(Files.readString(repo.resolve("reports/prod-smoke-after-rollback.json"))).contains("\"failed\" : 0");
        assertNoSecret(everything(outcome) + Files.readString(repo.resolve("reports/prod-smoke.json")));
    }

    // ---- helpers ----

    private ProdDeployOutcome deploy(ProdDeployOptions options) throws Exception {
        return new ProdDeployer(effects, new LocalAgent(repo), SerializableBuildLog.inProcess(log), env())
                .deploy(ConfigLoader.load(repo, "datahub"), recorded, options, hub.token());
    }

    private Map<String, String> env() {
        return Map.of("KUBECONFIG", cluster.deployerKubeconfig().toString(), HelmCli.HELM_BIN, helm.toString(),
                KubectlCli.KUBECTL_BIN, Tools.kubectl().toString(), "SOPS_BIN", Tools.sops().toString(),
                "BUILD_URL", "https://ci.example.org/job/hub/9/");
    }

    /** {@code helm history} of the live prod release, as the cluster admin (independent of the code under test). */
    private JsonNode history() throws Exception {
        ProcessResult result = new LocalProcessRunner(repo, new CollectingLog()).run(ProcessSpec.of(List.of(
                helm.toString(), "history", RELEASE, "--namespace", namespace, "-o", "json"))
                .withEnv(Map.of("KUBECONFIG", cluster.adminKubeconfig().toString()))
                .withTimeout(Duration.ofMinutes(1)));
        assertThat(result.ok()).as(result.stderr()).isTrue();
        return JSON.readTree(result.stdout());
    }

    /** The Lease names in prod's namespace, as the admin sees them. */
    private String leases() {
        try {
            return cluster.kubectl("get", "leases.coordination.k8s.io", "-n", namespace, "-o", "name");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String everything(ProdDeployOutcome outcome) throws Exception {
        return log.text() + "\n" + JSON.writeValueAsString(outcome.toMap()) + "\n" + outcome.message();
    }

    private void assertNoSecret(String text) {
        assertThat(text).doesNotContain(hub.token()).doesNotContain(PROD_SECRET);
    }
}
