package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.kube.DeployRecordStore;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployOutcome;
import io.jenkins.plugins.hubdeploy.run.DeployPreflight;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.HelmHelp;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The deploy engine ({@link DeployRun}) on REAL components, once with Helm 3 and once with Helm 4: the helm binaries
 * built by bin/install-tools, a real Kubernetes control plane ({@link TestCluster}: etcd, kube-apiserver,
 * controller-manager, scheduler, with kwok's simulated node: pods are scheduled and become ready, no container runs),
 * a real registry ({@link RegistryFixture}), real kubectl, sops and age, real git, the example repository and chart
 * (plus a Deployment template so there is a rollout to wait for). The deploy runs with the namespace-scoped deployer
 * kubeconfig of examples/rbac/deployer.yaml, the preflight with the read-only one of examples/rbac/preflight.yaml.
 * Every helm argv the engine ran is checked against that helm's own {@code --help} at the end.
 */
@ParameterizedClass
@ValueSource(strings = {"helm3", "helm4"})
class RealClusterDeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RELEASE = "datahub-staging";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> PLAIN_SECRETS = List.of("fake-staging-proxy-token-not-a-real-secret-000000",
            "fake-staging-client-id", "fake-staging-client-secret-not-real");
    private static final Map<String, List<List<String>>> HELM_CALLS = new ConcurrentHashMap<>();
    private static final String DEPLOYMENT = """
            # added by RealClusterDeployIT: a workload to roll out (kwok makes its pod ready unless the pod carries
            # kwok.x-k8s.io/status: custom, which kwok leaves alone: a pod that never becomes ready)
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hub
            spec:
              replicas: 1
              selector:
                matchLabels: {app: hub, release: {{ .Release.Name }}}
              template:
                metadata:
                  labels: {app: hub, release: {{ .Release.Name }}}
                  {{- with .Values.hubPodAnnotations }}
                  annotations: {{- toYaml . | nindent 8 }}
                  {{- end }}
                spec:
                  containers:
                    - name: hub
                      image: "{{ .Values.jupyterhub.singleuser.image.name }}:{{ .Values.jupyterhub.singleuser.image.tag }}"
            """;

    private static TestCluster cluster;
    private static RegistryFixture registry;
    private static Path shared;
    private static Path template;
    private static List<String> tags;

    @Parameter
    String tool;

    @TempDir
    Path tmp;
    private Path repo;
    private String namespace;
    private CollectingLog log;
    private Path helm;
    private final List<HelmCall> helmCalls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startClusterAndRegistry(TestReporter reporter) throws Exception {
        Components.require("git", "apt-get install -y git");
        cluster = TestCluster.shared();
        String versions = "tools: " + Tools.summary() + "; " + cluster.readyLine();
        System.out.println(versions);
        reporter.publishEntry("tools", versions);
        shared = Files.createTempDirectory("hubdeploy-real-deploy-");
        registry = RegistryFixture.start(shared.resolve("registry"));
        template = shared.resolve("repo");
        copy(Path.of("examples/datahub"), template);
        Path yaml = template.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("127.0.0.1:5000", registry.hostPort()));
        Files.writeString(template.resolve("hub/templates/hub.yaml"), DEPLOYMENT);
        git(template, "init", "-q", "-b", "staging");
        git(template, "add", "-A");
        commit(template, "example");
        CollectingLog log = new CollectingLog();
        tags = new ContentTagger(new LocalProcessRunner(template, log), new LocalAgent(template), log)
                .tagsFor(ConfigLoader.load(template, "datahub").images());
        pushTinyImage("datahub/user-image", tags.get(0));
        pushTinyImage("datahub/tools-image", tags.get(1));
    }

    @AfterAll
    static void stopRegistryAndCheckHelmFlags() throws Exception {
        try {
            if (registry != null) {
                registry.stop();
            }
            if (shared != null) {
                deleteTree(shared);
            }
        } finally {
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, List<List<String>>> e : HELM_CALLS.entrySet()) {
                Path bin = Path.of(e.getKey());
                for (List<String> argv : e.getValue()) {
                    HelmHelp.unknownFlags(bin, argv).forEach(f -> unknown.add(bin + " " + String.join(" ",
                            HelmHelp.subcommand(argv)) + ": --" + f));
                }
            }
            assertThat(unknown).as("flags the engine passed that this helm's --help does not list").isEmpty();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        helm = Tools.helm(tool);
        repo = tmp.resolve("repo");
        copy(template, repo);
        namespace = cluster.newNamespace(tool + "-" + "deploy");
        Path yaml = repo.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("namespace: \"{deployment}-staging\"", "namespace: " + namespace));
        commit(repo, "deploy to " + namespace);
        log = new CollectingLog();
    }

    // ---- the flows ----

    /** First install and an upgrade; the values layering seen in the live release; the record read back. */
    @Test
    void firstInstallAndUpgradeLayerTheValuesAndRecordTheDeploy() throws Exception {
        DeployRecord first = (DeployRecord) deploy(DeployOptions.defaults("staging"));

        assertThat(first.revision()).isEqualTo(1);
        assertThat(first.status()).isEqualTo("deployed");
        assertThat(first.helmVersion()).startsWith(Tools.version(tool));
        JsonNode values = liveValues();
        assertThat(values.at("/jupyterhub/singleuser/memory/guarantee").asText()).as("common.yaml").isEqualTo("512M");
        assertThat(values.at("/jupyterhub/singleuser/memory/limit").asText()).as("staging.yaml over common.yaml").isEqualTo("512M");
        assertThat(values.at("/jupyterhub/proxy/secretToken").asText()).as("secrets/staging.yaml").isEqualTo(PLAIN_SECRETS.get(0));
        JsonNode userTag = values.at("/jupyterhub/singleuser/image/tag");
        assertThat(userTag.isTextual()).as("image tags stay strings: " + userTag).isTrue();
        assertThat(userTag.asText()).isEqualTo(tags.get(0));
        assertThat(values.at("/tools/image/tag").isTextual()).isTrue();
        assertThat(values.at("/tools/image/name").asText()).isEqualTo(registry.hostPort() + "/datahub/tools-image");
        assertThat(cluster.kubectl("get", "configmap", RELEASE + "-images", "-n", namespace, "-o", "jsonpath={.data.user-image}"))
                .isEqualTo(registry.hostPort() + "/datahub/user-image:" + tags.get(0));
        assertThat(cluster.kubectl("get", "deployment", "hub", "-n", namespace, "-o", "jsonpath={.status.readyReplicas}"))
                .as("kwok ran the rollout").isEqualTo("1");
        assertThat(log.text()).contains("rollout: deployment/hub is rolled out")
                .contains("can-i create namespaces: no (namespace-scoped credentials)");
        HelmCall upgrade = helmCall("upgrade");
        assertThat(upgrade.argv().subList(1, 7)).containsExactly("upgrade", "--install", RELEASE, "./hub", "--namespace", namespace);
        HelmFlags flags = new HelmFlags(major());
        assertThat(upgrade.argv()).containsSubsequence("--reset-values", flags.waitForReady(), "--timeout", "1800s",
                "--cleanup-on-fail", "--output", "json").doesNotContain("--create-namespace", flags.rollbackOnFailure(), "--debug");
        List<String> files = upgrade.valuesFiles();
        assertThat(files).hasSize(4);
        assertThat(files.get(2)).endsWith("deployments/datahub/secrets/staging.yaml");
        assertThat(files.get(3)).endsWith("values-images.yaml");
        assertThat(upgrade.valuesPermissions().get(3)).as("generated values are private").isEqualTo("rw-------");
        assertThat(Path.of(files.get(3))).as("generated values are deleted afterwards").doesNotExist();
        assertThat(upgrade.env()).containsEntry("HELM_DEBUG", "false");

        Path staging = repo.resolve("deployments/datahub/config/staging.yaml");
        Files.writeString(staging, Files.readString(staging).replace("limit: 512M", "limit: 768M"));
        commit(repo, "more memory");
        DeployRecord second = (DeployRecord) deploy(DeployOptions.defaults("staging"));

        assertThat(second.revision()).isEqualTo(2);
        assertThat(liveValues().at("/jupyterhub/singleuser/memory/limit").asText()).isEqualTo("768M");
        assertThat(second.gitCommit()).isEqualTo(git(repo, "rev-parse", "HEAD").strip()).isNotEqualTo(first.gitCommit());
        DeployRecordStore store = new DeployRecordStore(new KubectlCli(runner(), env(cluster.deployerKubeconfig()),
                new SecretMasker()), new SecretMasker());
        assertThat(DeployRecord.fromJson(store.read(namespace, RELEASE).orElseThrow())).isEqualTo(second);
        assertThat(store.read(namespace, "other")).isEmpty();
        assertNoSecretIn(log.text());
    }

    /** A value someone set by hand ({@code helm upgrade --set}) is gone after the next deploy ({@code --reset-values}). */
    @Test
    void aManualSetIsRemovedByTheNextDeploy() throws Exception {
        deploy(DeployOptions.defaults("staging"));
        ProcessResult manual = helmAsAdmin(List.of("upgrade", RELEASE, repo.resolve("hub").toString(), "--namespace",
                namespace, "--reuse-values", "--set", "manualOverride=by-hand"), Duration.ofMinutes(2));
        assertThat(manual.ok()).as(manual.stderr()).isTrue();
        assertThat(liveValues().path("manualOverride").asText()).isEqualTo("by-hand");

        DeployRecord record = (DeployRecord) deploy(DeployOptions.defaults("staging"));

        assertThat(record.revision()).isEqualTo(3);
        assertThat(liveValues().has("manualOverride")).isFalse();
        assertThat(liveValues().at("/jupyterhub/singleuser/image/tag").asText()).isEqualTo(tags.get(0));
    }

    /** A pod that never becomes ready: helm's own wait times out, exit 1, the live pods and events are in the log. */
    @Test
    void aRolloutThatNeverBecomesReadyFailsWithTheLivePodDiagnostics() throws Exception {
        neverReady();

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(new DeployOptions("staging", false, false, Duration.ofSeconds(12), null, StuckPolicy.FAIL)));

        assertThat(e).as(log.text()).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("did not become ready within 12s");
        assertThat(log.text()).contains("helm gave up waiting").containsPattern("pod hub-[a-z0-9]+-[a-z0-9]+.*Pending");
        assertThat(helmStatus().path("info").path("status").asText()).isEqualTo("failed");
        assertNoSecretIn(log.text() + e.getMessage());

        // a failed release is no stuck one: the fixed commit deploys over it
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "revert", "--no-edit", "HEAD");
        DeployRecord fixed = (DeployRecord) deploy(DeployOptions.defaults("staging"));
        assertThat(fixed.revision()).isEqualTo(2);
        assertThat(fixed.status()).isEqualTo("deployed");
    }

    /** With --atomic / --rollback-on-failure helm rolls the failed upgrade back itself. */
    @Test
    void aFailedUpgradeWithRollbackOnFailureIsRolledBackByHelm() throws Exception {
        deploy(DeployOptions.defaults("staging"));
        neverReady();

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(new DeployOptions("staging", false, true, Duration.ofSeconds(12), 5, StuckPolicy.FAIL)));

        assertThat(e).as(log.text()).isNotNull();
        assertThat(e.getMessage()).contains(new HelmFlags(major()).rollbackOnFailure() + " rolled the release back");
        JsonNode status = helmStatus();
        assertThat(status.path("info").path("status").asText()).isEqualTo("deployed");
        assertThat(status.path("version").asInt()).isEqualTo(3);
        assertThat(status.path("info").path("description").asText()).containsIgnoringCase("rollback");
    }

    /**
     * A real stuck release: helm killed in the middle of an upgrade leaves it pending-upgrade. Policy fail names the
     * exact fix and changes nothing; running that fix (a real helm rollback) unblocks the next deploy.
     */
    @Test
    void aReleaseStuckInPendingUpgradeIsRefusedWithTheExactFix() throws Exception {
        deploy(DeployOptions.defaults("staging"));
        killHelmInTheMiddleOfAnUpgrade();

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(new DeployOptions("staging", false, false, TIMEOUT, null, StuckPolicy.FAIL)));

        assertThat(e).as(log.text()).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        String fix = "helm rollback " + RELEASE + " 1 --namespace " + namespace + " "
                + new HelmFlags(major()).waitForReady() + " --timeout " + HelmDuration.format(TIMEOUT);
        assertThat(e.getMessage()).contains("stuck in pending-upgrade at revision 2").contains("To unblock it run: " + fix);
        assertThat(helmStatus().path("info").path("status").asText()).isEqualTo("pending-upgrade");

        List<String> fixArgs = new ArrayList<>(List.of(fix.substring("helm ".length()).split(" ")));
        ProcessResult fixed = helmAsAdmin(fixArgs, Duration.ofMinutes(2));
        assertThat(fixed.ok()).as(fixed.stderr()).isTrue();
        DeployRecord record = (DeployRecord) deploy(DeployOptions.defaults("staging"));
        assertThat(record.revision()).isEqualTo(4);
    }

    /** Policy rollback: the engine runs the real {@code helm rollback} to the last deployed revision, then deploys. */
    @Test
    void aStuckReleaseUnderPolicyRollbackIsRolledBackThenDeployed() throws Exception {
        deploy(DeployOptions.defaults("staging"));
        killHelmInTheMiddleOfAnUpgrade();

        DeployRecord record = (DeployRecord) deploy(new DeployOptions("staging", false, false, TIMEOUT, null, StuckPolicy.ROLLBACK));

        assertThat(record.revision()).isEqualTo(4);
        assertThat(record.status()).isEqualTo("deployed");
        JsonNode history = JSON.readTree(helmAsAdmin(List.of("history", RELEASE, "--namespace", namespace, "-o", "json"),
                Duration.ofMinutes(1)).stdout());
        assertThat(history.get(2).path("description").asText()).isEqualTo("Rollback to 1");
        // real helm leaves the killed revision's record as it was; only the latest revision counts for the next deploy
        assertThat(history.get(1).path("status").asText()).isEqualTo("pending-upgrade");
        assertThat(history.get(3).path("status").asText()).isEqualTo("deployed");
        assertThat(log.text()).contains("stuckPolicy rollback: running 'helm rollback " + RELEASE + " 1");
    }

    /** A first install killed mid-way (pending-install, nothing ever deployed): policy rollback uninstalls, then installs. */
    @Test
    void aStuckFirstInstallUnderPolicyRollbackIsUninstalledThenInstalled() throws Exception {
        killHelmInTheMiddleOf("pending-install");

        DeployRecord record = (DeployRecord) deploy(new DeployOptions("staging", false, false, TIMEOUT, null, StuckPolicy.ROLLBACK));

        assertThat(record.revision()).isEqualTo(1);
        assertThat(record.status()).isEqualTo("deployed");
        assertThat(log.text()).contains("stuckPolicy rollback: running 'helm uninstall " + RELEASE);
    }

    /**
     * The preflight of a pull request runs with the read-only identity: it renders and diffs against the live release
     * and changes nothing. That identity cannot change anything: its deploy fails and the release stays as it was.
     */
    @Test
    void theReadOnlyPreflightDiffsAgainstTheLiveReleaseAndCannotChangeIt() throws Exception {
        deploy(DeployOptions.defaults("staging"));
        Path staging = repo.resolve("deployments/datahub/config/staging.yaml");
        Files.writeString(staging, Files.readString(staging).replace("limit: 512M", "limit: 640M"));
        commit(repo, "change");

        DeployPreflight preflight = (DeployPreflight) deploy(cluster.preflightKubeconfig(),
                new DeployOptions("staging", true, false, TIMEOUT, null, StuckPolicy.FAIL));

        assertThat(preflight.releaseExists()).isTrue();
        assertThat(preflight.renderedObjects()).contains("ConfigMap/" + RELEASE + "-images", "Deployment/hub");
        // the preflight leaves the secrets file out, so live values are not shown
        assertThat(preflight.valuesDiff()).contains("~ jupyterhub.singleuser.memory.limit: (live value not shown) -> 640M");
        assertThat(helmStatus().path("version").asInt()).isEqualTo(1);

        HubDeployException refused = catchThrowableOfType(HubDeployException.class,
                () -> deploy(cluster.preflightKubeconfig(), DeployOptions.defaults("staging")));

        assertThat(refused).as(log.text()).isNotNull();
        assertThat(refused.getMessage()).containsIgnoringCase("forbidden");
        assertThat(helmStatus().path("version").asInt()).isEqualTo(1);
        assertThat(liveValues().at("/jupyterhub/singleuser/memory/limit").asText()).isEqualTo("512M");
        ProcessResult write = new LocalProcessRunner(repo, log).run(ProcessSpec.of(List.of(Tools.kubectl().toString(),
                "create", "configmap", "x", "--namespace", namespace)).withEnv(env(cluster.preflightKubeconfig())));
        assertThat(write.ok()).isFalse();
        assertThat(write.stderr()).contains("forbidden");
    }

    /** An API server that is not there (the kubeconfig points at a closed loopback port): exit 3, nothing else runs. */
    @Test
    void anUnreachableClusterIsAnEnvironmentError() throws Exception {
        String admin = Files.readString(cluster.adminKubeconfig());
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path kubeconfig = tmp.resolve("unreachable.kubeconfig");
        Files.writeString(kubeconfig, admin.replaceAll("server: https://127\\.0\\.0\\.1:\\d+", "server: https://127.0.0.1:" + closed));

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(kubeconfig, DeployOptions.defaults("staging")));

        assertThat(e).as(log.text()).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("cluster is unreachable").contains("KUBECONFIG").contains("connection refused");
        assertThat(helmCalls).noneMatch(c -> c.argv().get(1).equals("upgrade"));
    }

    /** sops + age for real: the encrypted secrets file is decrypted for helm; the secret appears in no output. */
    @Test
    void sopsEncryptedSecretsAreDecryptedForHelmAndNeverShown() throws Exception {
        Path key = tmp.resolve("age.key");
        ProcessResult keygen = new LocalProcessRunner(repo, log).run(ProcessSpec.of(List.of(Tools.ageKeygen().toString(),
                "-o", key.toString())));
        assertThat(keygen.ok()).as(keygen.stderr()).isTrue();
        String recipient = Files.readAllLines(key).stream().filter(l -> l.startsWith("# public key: ")).findFirst()
                .orElseThrow().substring("# public key: ".length());
        String secret = "sops-decrypted-token-" + Long.toHexString(System.nanoTime());
        Path clear = tmp.resolve("clear.yaml");
        Files.writeString(clear, "jupyterhub:\n  proxy:\n    secretToken: \"" + secret + "\"\n");
        ProcessResult encrypted = new LocalProcessRunner(repo, log).run(ProcessSpec.of(List.of(Tools.sops().toString(),
                "--encrypt", "--age", recipient, "--input-type", "yaml", "--output-type", "yaml", clear.toString())));
        assertThat(encrypted.ok()).as(encrypted.stderr()).isTrue();
        assertThat(encrypted.stdout()).doesNotContain(secret).contains("ENC[AES256_GCM");
        Files.writeString(repo.resolve("deployments/datahub/secrets/staging.yaml"), encrypted.stdout());
        Files.delete(clear);
        commit(repo, "sops secrets");

        Map<String, String> env = new LinkedHashMap<>(env(cluster.deployerKubeconfig()));
        env.put("SOPS_AGE_KEY_FILE", key.toString());
        DeployRecord record = (DeployRecord) new DeployRun(runner(), new LocalAgent(repo), log, env)
                .run(ConfigLoader.load(repo, "datahub"), DeployOptions.defaults("staging"));

        assertThat(liveValues().at("/jupyterhub/proxy/secretToken").asText()).as("helm got the clear text").isEqualTo(secret);
        assertThat(log.text()).contains("sops-encrypted").doesNotContain(secret);
        assertThat(record.toJson()).doesNotContain(secret);
        assertThat(Files.readString(repo.resolve(DeployRecord.workspacePath("staging")))).doesNotContain(secret);
        assertThat(cluster.kubectl("get", "configmap", DeployRecordStore.configMapName(RELEASE), "-n", namespace, "-o", "json"))
                .doesNotContain(secret);
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
            }
        }
    }

    // ---- helpers ----

    private int major() {
        return tool.equals("helm3") ? 3 : 4;
    }

    private DeployOutcome deploy(DeployOptions options) throws Exception {
        return deploy(cluster.deployerKubeconfig(), options);
    }

    private DeployOutcome deploy(Path kubeconfig, DeployOptions options) throws Exception {
        return new DeployRun(runner(), new LocalAgent(repo), log, env(kubeconfig)).run(ConfigLoader.load(repo, "datahub"), options);
    }

    private Map<String, String> env(Path kubeconfig) {
        return Map.of("KUBECONFIG", kubeconfig.toString(), HelmCli.HELM_BIN, helm.toString(),
                KubectlCli.KUBECTL_BIN, Tools.kubectl().toString(), "SOPS_BIN", Tools.path("sops", "sops").toString(),
                "BUILD_URL", "https://ci.example.org/job/hub/7/");
    }

    /** One helm command the engine ran: its argv, environment and the permissions of its --values files then. */
    record HelmCall(List<String> argv, Map<String, String> env, List<String> valuesPermissions) {
        List<String> valuesFiles() {
            List<String> files = new ArrayList<>();
            for (int i = 0; i < argv.size() - 1; i++) {
                if (argv.get(i).equals("--values")) {
                    files.add(argv.get(i + 1));
                }
            }
            return files;
        }
    }

    /** The real process runner, recording every helm command (and for the --help check at the end, its argv). */
    private ProcessRunner runner() {
        LocalProcessRunner real = new LocalProcessRunner(repo, log);
        return spec -> {
            if (spec.executable().equals(helm.toString())) {
                HELM_CALLS.computeIfAbsent(helm.toString(), k -> new CopyOnWriteArrayList<>()).add(spec.argv());
                List<String> permissions = new ArrayList<>();
                HelmCall call = new HelmCall(spec.argv(), spec.env(), permissions);
                for (String file : call.valuesFiles()) {
                    permissions.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file))));
                }
                helmCalls.add(call);
            }
            return real.run(spec);
        };
    }

    private HelmCall helmCall(String subcommand) {
        return helmCalls.stream().filter(c -> c.argv().get(1).equals(subcommand)).findFirst().orElseThrow();
    }

    /** Makes the hub's pod one that kwok leaves alone: it is scheduled and stays Pending, never ready. */
    private void neverReady() throws Exception {
        Path staging = repo.resolve("deployments/datahub/config/staging.yaml");
        Files.writeString(staging, Files.readString(staging) + "hubPodAnnotations:\n  kwok.x-k8s.io/status: custom\n");
        commit(repo, "a pod that never becomes ready");
    }

    private void killHelmInTheMiddleOfAnUpgrade() throws Exception {
        killHelmInTheMiddleOf("pending-upgrade");
    }

    /**
     * Starts a real helm upgrade (--install for pending-install) that waits for a pod that never becomes ready, and
     * kills it once the release is {@code pending}.
     */
    private void killHelmInTheMiddleOf(String pending) throws Exception {
        Path neverReady = Files.writeString(tmp.resolve("never-ready.yaml"), "hubPodAnnotations:\n  kwok.x-k8s.io/status: custom\n");
        List<String> argv = new ArrayList<>(List.of(helm.toString(), "upgrade", "--install", RELEASE,
                repo.resolve("hub").toString(), "--namespace", namespace, "--values", neverReady.toString(),
                new HelmFlags(major()).waitForReady(), "--timeout", "120s"));
        if (pending.equals("pending-upgrade")) {
            argv.add("--reuse-values");
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(tmp.resolve("killed-helm.log").toFile());
        builder.environment().put("KUBECONFIG", cluster.adminKubeconfig().toString());
        Process upgrade = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!statusOrNone().equals(pending)) {
                assertThat(upgrade.isAlive()).as("helm upgrade ended before it was killed: "
                        + Files.readString(tmp.resolve("killed-helm.log"))).isTrue();
                assertThat(System.nanoTime()).as("release " + pending + " within 60 s").isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            upgrade.destroyForcibly(); // SIGKILL: helm cannot record an outcome, as when an agent dies
            upgrade.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(statusOrNone()).isEqualTo(pending);
    }

    /** The release's status, or "none" before helm stored one. */
    private String statusOrNone() throws Exception {
        ProcessResult status = helmAsAdmin(List.of("status", RELEASE, "--namespace", namespace, "-o", "json"), Duration.ofMinutes(1));
        return status.ok() ? JSON.readTree(status.stdout()).path("info").path("status").asText() : "none";
    }

    private ProcessResult helmAsAdmin(List<String> args, Duration timeout) throws Exception {
        List<String> argv = new ArrayList<>(List.of(helm.toString()));
        argv.addAll(args);
        return new LocalProcessRunner(repo, log).run(ProcessSpec.of(argv)
                .withEnv(Map.of("KUBECONFIG", cluster.adminKubeconfig().toString())).withTimeout(timeout));
    }

    private JsonNode helmStatus() throws Exception {
        ProcessResult status = helmAsAdmin(List.of("status", RELEASE, "--namespace", namespace, "-o", "json"), Duration.ofMinutes(1));
        assertThat(status.ok()).as(status.stderr()).isTrue();
        return JSON.readTree(status.stdout());
    }

    private JsonNode liveValues() throws Exception {
        ProcessResult values = helmAsAdmin(List.of("get", "values", RELEASE, "--namespace", namespace, "-o", "json"),
                Duration.ofMinutes(1));
        assertThat(values.ok()).as(values.stderr()).isTrue();
        return JSON.readTree(values.stdout());
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : PLAIN_SECRETS) {
            assertThat(text).doesNotContain(secret);
        }
    }

    /** An image with no layers, pushed with the distribution API (what the deploy looks up is only its digest). */
    private static void pushTinyImage(String repository, String tag) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://" + registry.hostPort() + "/v2/" + repository;
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},"
                + "\"config\":{\"Labels\":{\"tag\":\"" + tag + "\"}}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config));
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        URI location = URI.create("http://" + registry.hostPort()).resolve(start.headers().firstValue("Location").orElseThrow());
        String put = location + (location.getQuery() == null ? "?" : "&") + "digest=" + configDigest;
        HttpResponse<String> blob = http.send(HttpRequest.newBuilder(URI.create(put)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(config)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(blob.statusCode()).as(blob.body()).isEqualTo(201);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[]}";
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + tag))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    }

    private static void commit(Path repo, String message) throws IOException, InterruptedException {
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", message);
    }

    private static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
