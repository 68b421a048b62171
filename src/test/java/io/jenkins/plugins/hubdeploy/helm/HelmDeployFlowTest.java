package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployOutcome;
import io.jenkins.plugins.hubdeploy.run.DeployPreflight;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.FakeRegistry;
import io.jenkins.plugins.hubdeploy.testing.MergedStreamsRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The deploy flows that need a fault the real tools cannot be made to produce on demand, through {@link DeployRun}
 * with helm, kubectl and sops SIMULATED at the process boundary by {@link FakeHelmCluster} and the registry by
 * {@link FakeRegistry}. The regular flows (install, upgrade, values layering, --reset-values, helm's wait timing out
 * with live pod diagnostics, --atomic / --rollback-on-failure, stuck releases under both policies with a real
 * {@code helm rollback}, sops + age, the preflight diff, the record ConfigMap, RBAC) run on real helm 3 and 4 against a
 * real API server in {@link RealClusterDeployIT}. What stays here, and why a stand-in:
 * <ul>
 * <li>helm's exact refusal text and a helm that echoes secret values in its errors and release JSON (injected texts);</li>
 * <li>helm's own wait passing and {@code kubectl rollout status} failing right after (a race with no deterministic
 *     trigger);</li>
 * <li>helm killed at the runner's process timeout (real helm stops itself at its own --timeout, earlier);</li>
 * <li>helm or kubectl missing, Helm 2 (no Helm 2 binary exists here), a missing namespace
 *     or kube context (client-go's texts), registry answers (missing tag, HTTP Basic) and preflight templates that
 *     leak a secret into helm's error.</li>
 * </ul>
 * Real: the example repository, config loader, values files and chart directory, git (commit/tree in the record,
 * content tags), the files on disk (temp values files, 0600, cleanup).
 */
class HelmDeployFlowTest {
    private static final String DIGEST_USER = "sha256:" + "1".repeat(64);
    private static final String DIGEST_TOOLS = "sha256:" + "2".repeat(64);
    private static final List<String> STAGING_SECRETS = List.of("fake-staging-proxy-token-not-a-real-secret-000000",
            "fake-staging-client-id", "fake-staging-client-secret-not-real");

    @TempDir
    Path tmp;
    private Path repo;
    private FakeRegistry registry;
    private FakeHelmCluster cluster;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private PrintStreamLog log;
    private List<String> tags;

    @BeforeEach
    void setUp() throws Exception {
        Components.require("git", "apt-get install -y git");
        registry = new FakeRegistry();
        repo = tmp.resolve("repo");
        copy(Path.of("examples/datahub"), repo);
        Path yaml = repo.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("127.0.0.1:5000", registry.host()));
        git("init", "-q", "-b", "staging");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "example");
        log = new PrintStreamLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        DeploymentConfig config = config();
        tags = new ContentTagger(new LocalProcessRunner(repo, log), new LocalAgent(repo), log).tagsFor(config.images());
        cluster = new FakeHelmCluster(repo, log);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private void pushImages() {
        registry.put("datahub/user-image", tags.get(0), DIGEST_USER);
        registry.put("datahub/tools-image", tags.get(1), DIGEST_TOOLS);
    }

    private DeploymentConfig config() throws HubDeployException {
        return ConfigLoader.load(repo, "datahub");
    }

    private DeployOutcome deploy(DeployOptions options) throws Exception {
        Map<String, String> env = Map.of("KUBECONFIG", "/home/ci/.kube/staging", "BUILD_URL", "https://ci.example.org/job/hub/42/");
        return new DeployRun(cluster, new LocalAgent(repo), log, env).run(config(), options);
    }

    private HubDeployException deployFails(DeployOptions options) {
        return catchThrowableOfType(HubDeployException.class, () -> deploy(options));
    }

    private String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** Simulated: helm refuses the upgrade (an immutable field). Exit 1 with helm's text; nothing recorded. */
    @Test
    void helmFailureIsExit1WithHelmsErrorTextAndNoRecord() throws Exception {
        pushImages();
        cluster.withRevisions(2, "deployed", Map.of());
        cluster.upgradeFailure = "Error: UPGRADE FAILED: cannot patch \"hub\" with kind Deployment: Deployment.apps \"hub\" "
                + "is invalid: spec.selector: Invalid value: field is immutable\n";

        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("helm upgrade --install datahub-staging in namespace datahub-staging failed")
                .contains("field is immutable").contains("deploy again");
        assertThat(cluster.configMaps).isEmpty();
        assertThat(repo.resolve(".hubdeploy/deploy-staging.json")).doesNotExist();
        assertThat(tmpDirs()).as("temp values deleted after a failure too").isEmpty();
    }

    /** Simulated: helm returns, but a workload's rollout does not complete: exit 1 naming it, with diagnostics. */
    @Test
    void rolloutFailureNamesTheWorkloadAndShowsDiagnostics() throws Exception {
        pushImages();
        cluster.rolloutFailure = "error: deployment \"hub\" exceeded its progress deadline\n";

        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("rollout of deployment/hub in namespace datahub-staging did not complete")
                .contains("exceeded its progress deadline");
        assertThat(logText()).contains("ImagePullBackOff");
        assertThat(cluster.configMaps).as("no record for a failed rollout").isEmpty();
    }

    /** Simulated: helm hangs past its own timeout and is killed by the runner: exit 3 (environment). */
    @Test
    void helmKilledAtTheProcessTimeoutIsExit3() throws Exception {
        pushImages();
        cluster.upgradeHangs = true;

        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("did not finish within").contains("pending");
    }

    /** Real: a git-crypt-locked file (its real header) is refused before helm runs. */
    @Test
    void gitCryptLockedFileIsRefused() throws Exception {
        pushImages();
        byte[] locked = new byte[64];
        System.arraycopy("\0GITCRYPT\0".getBytes(StandardCharsets.US_ASCII), 0, locked, 0, 10);
        Files.write(repo.resolve("deployments/datahub/secrets/staging.yaml"), locked);

        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("secrets/staging.yaml is encrypted by git-crypt").contains("git-crypt unlock");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    /**
     * Simulated helm that echoes secret values back in its errors and its release JSON (as a template error or
     * {@code helm status -o json}'s {@code config} do). No value of the secrets file reaches the log or the message.
     */
    @Test
    void secretValuesNeverReachTheLogOrTheMessage() throws Exception {
        pushImages();
        cluster.withRevisions(1, "deployed", Map.of("jupyterhub", Map.of("proxy", Map.of("secretToken", STAGING_SECRETS.get(0)))));
        cluster.upgradeFailure = "Error: UPGRADE FAILED: values don't meet the specifications of the schema(s): "
                + "client_secret " + STAGING_SECRETS.get(2) + " and client_id " + STAGING_SECRETS.get(1) + " rejected\n";

        DeployPreflight preflight = (DeployPreflight) deploy(new DeployOptions("staging", true, false, Duration.ofMinutes(30), null, StuckPolicy.FAIL));
        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        for (String secret : STAGING_SECRETS) {
            assertThat(e.getMessage()).doesNotContain(secret);
            assertThat(logText()).doesNotContain(secret);
            assertThat(preflight.toMap().toString()).doesNotContain(secret);
        }
        assertThat(e.getMessage()).contains("client_secret ****");
        assertThat(preflight.valuesDiff()).as("the preflight leaves the secrets file out").noneMatch(l -> l.contains("client_secret"));
        assertThat(cluster.calls.stream().flatMap(c -> c.argv().stream())).doesNotContain("--debug");
    }

    /** Simulated registry without the content tag: exit 1, says to run the build, helm never upgrades. */
    @Test
    void imageTheRegistryDoesNotHaveIsRefused() throws Exception {
        registry.put("datahub/user-image", tags.get(0), DIGEST_USER);

        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("the registry does not have " + registry.host() + "/datahub/tools-image:" + tags.get(1))
                .contains("Run the build first").contains("hubdeploy build --push -d datahub");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    /** Simulated: helm, then kubectl, not installed: exit 3 before anything changes. */
    @Test
    void missingHelmOrKubectlIsExit3() throws Exception {
        pushImages();
        cluster.missing.add("helm");
        HubDeployException noHelm = deployFails(DeployOptions.defaults("staging"));
        assertThat(noHelm.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(noHelm.getMessage()).contains("helm is not installed").contains("HELM_BIN");

        cluster.missing.clear();
        cluster.missing.add("kubectl");
        HubDeployException noKubectl = deployFails(DeployOptions.defaults("staging"));
        assertThat(noKubectl.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(noKubectl.getMessage()).contains("kubectl is not installed").contains("KUBECTL_BIN");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    /**
     * Simulated helm/kubectl seen as inside the kubernetes plugin's container(): stderr merged into stdout and a
     * missing tool as the shell's exit 127 (issue 7, item 3). A first install still recognises helm's
     * "release: not found", and a missing helm is still exit 3 with the install hint.
     */
    @Test
    void mergedStreamsAsInsideContainerStillInstallAndReportAMissingTool() throws Exception {
        pushImages();
        Map<String, String> env = Map.of("KUBECONFIG", "/home/ci/.kube/staging");

        DeployRecord record = (DeployRecord) new DeployRun(new MergedStreamsRunner(cluster), new LocalAgent(repo), log,
                env).run(config(), DeployOptions.defaults("staging"));
        cluster.missing.add("helm");
        HubDeployException noHelm = catchThrowableOfType(HubDeployException.class, () -> new DeployRun(
                new MergedStreamsRunner(cluster), new LocalAgent(repo), log, env).run(config(), DeployOptions.defaults("staging")));

        assertThat(record.revision()).isEqualTo(1);
        assertThat(cluster.calls("helm", "upgrade")).hasSize(1);
        assertThat(noHelm.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(noHelm.getMessage()).contains("helm is not installed").contains("HELM_BIN");
    }

    /**
     * Issue 7, item 10: a deploy interrupted while helm upgrades (an aborted build interrupts the step's thread)
     * still deletes the decrypted secrets and its scratch directory. Simulated helm blocks until interrupted.
     */
    @Test
    void anInterruptedDeployStillDeletesTheDecryptedFiles() throws Exception {
        pushImages();
        Files.writeString(repo.resolve("deployments/datahub/secrets/staging.yaml"),
                "a: ENC[AES256_GCM,data:3q2+7w==,iv:AAAA,tag:BBBB,type:str]\nsops:\n  version: 3.8.1\n  mac: x\n");
        cluster.sopsClearText = path -> "a: decrypted-secret-77\n";
        java.util.concurrent.CountDownLatch upgrading = new java.util.concurrent.CountDownLatch(1);
        io.jenkins.plugins.hubdeploy.platform.ProcessRunner blocking = spec -> {
            if (spec.argv().size() > 1 && spec.argv().get(1).equals("upgrade")) {
                upgrading.countDown();
                Thread.sleep(60_000);
            }
            return cluster.run(spec);
        };
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread step = new Thread(() -> {
            try {
                new DeployRun(blocking, new LocalAgent(repo), log, Map.of()).run(config(), DeployOptions.defaults("staging"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        step.start();
        assertThat(upgrading.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        FakeHelmCluster.Call sops = cluster.calls("sops", "--decrypt").get(0);
        Path decrypted = Path.of(sops.argv().get(sops.argv().indexOf("--output") + 1));
        assertThat(decrypted).exists();

        step.interrupt();
        step.join(30_000);

        assertThat(step.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(decrypted).doesNotExist();
        assertThat(decrypted.getParent()).doesNotExist();
    }

    /** Simulated: a helm that is Helm 2 is refused with exit 3. */
    @Test
    void helm2IsRefused() {
        cluster.helmVersion = "Client: v2.17.0+ga690bad";

        HubDeployException e = deployFails(DeployOptions.defaults("staging"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("Helm v2.17.0").contains("needs Helm 3");
    }

    /**
     * Simulated private registry (HTTP Basic) and helm. Without a login the deploy cannot look its images up (exit 3,
     * what every deploy to a private registry did before credentials were carried); with the login of DeployOptions
     * the registry stand-in sees it on the lookups of the deploy and of the preflight, and the password shows in no
     * log line, map or message. The engine itself registers nothing: the step and the CLI mask the password.
     */
    @Test
    void privateRegistryGetsTheDeploysCredentialsAndThePasswordIsNeverShown() throws Exception {
        String password = "registry-pw-7f3a91c2e5";
        registry.requireLogin("ci-bot", password);
        pushImages();

        HubDeployException anonymous = deployFails(DeployOptions.defaults("staging"));
        assertThat(anonymous.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(registry.authorizations()).isEmpty();

        HubDeployException wrong = deployFails(DeployOptions.defaults("staging")
                .withRegistryCredentials(new io.jenkins.plugins.hubdeploy.image.RegistryCredentials("ci-bot", password + "-old")));
        DeployOptions withLogin = DeployOptions.defaults("staging")
                .withRegistryCredentials(new io.jenkins.plugins.hubdeploy.image.RegistryCredentials("ci-bot", password));
        DeployPreflight preflight = (DeployPreflight) deploy(new DeployOptions("staging", true, false,
                Duration.ofMinutes(30), null, StuckPolicy.FAIL, withLogin.registryCredentials()));
        DeployRecord record = (DeployRecord) deploy(withLogin);

        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("ci-bot:" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(registry.authorizations()).filteredOn(basic::equals).as("both images, preflight and deploy").hasSizeGreaterThanOrEqualTo(4);
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(preflight.missingImages()).isEmpty();
        assertThat(record.images()).extracting(ImageValues::digest).containsExactly(DIGEST_USER, DIGEST_TOOLS);
        for (String text : List.of(logText(), wrong.getMessage(), anonymous.getMessage(), preflight.toMap().toString(),
                record.toMap().toString(), record.toJson(), withLogin.toString())) {
            assertThat(text).doesNotContain(password);
        }
        assertThat(cluster.calls.stream().flatMap(c -> Stream.concat(c.argv().stream(), c.env().values().stream())))
                .noneMatch(s -> s.contains(password));
    }

    /**
     * A pull request's preflight with a sops-encrypted secrets file and a chart whose template puts a transformed
     * secret into helm's error ({@code fail (.Values.x | b64enc)}), as the stand-in's {@code helm template} does when
     * a values file it gets holds the secret. The preflight decrypts nothing, gives helm no secrets file, names the
     * file it left out, and its diff neither reports the live release's secret paths as removed nor shows live values.
     */
    @Test
    void preflightNeverDecryptsNorRendersSecrets() throws Exception {
        pushImages();
        Files.writeString(repo.resolve("deployments/datahub/secrets/staging.yaml"), """
                jupyterhub:
                    proxy:
                        secretToken: ENC[AES256_GCM,data:3q2+7w==,iv:AAAA,tag:BBBB,type:str]
                sops:
                    lastmodified: "2024-05-02T10:00:00Z"
                    mac: ENC[AES256_GCM,data:abcd,iv:efgh,tag:ijkl,type:str]
                    version: 3.8.1
                """);
        String token = "decrypted-token-4e1f9a0c";
        cluster.sopsClearText = path -> "jupyterhub:\n  proxy:\n    secretToken: \"" + token + "\"\n";
        String b64 = java.util.Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        cluster.templateFailure = contents -> contents.stream().anyMatch(c -> c.contains(token))
                ? "Error: execution error at (hub/templates/leak.yaml:1:4): " + b64 + "\n" : null;
        cluster.withRevisions(2, "deployed", Map.of(
                "jupyterhub", Map.of("proxy", Map.of("secretToken", "live-staging-token-9d8c7b"),
                        "singleuser", Map.of("memory", Map.of("limit", "256M")))));

        DeployPreflight preflight = (DeployPreflight) deploy(new DeployOptions("staging", true, false, Duration.ofMinutes(30), null, StuckPolicy.FAIL));

        assertThat(cluster.calls("sops")).as("never decrypted").isEmpty();
        FakeHelmCluster.Call template = cluster.calls("helm", "template").get(0);
        assertThat(valuesFiles(template.argv())).hasSize(3).noneMatch(f -> f.contains("secrets/") || f.contains("decrypted"));
        assertThat(template.valuesFiles()).noneMatch(c -> c.contains(token) || c.contains("ENC["));
        assertThat(logText()).contains("preflight leaves deployments/datahub/secrets/staging.yaml out: a pull request "
                + "must not see staging secrets").doesNotContain(b64).doesNotContain("live-staging-token-9d8c7b");
        assertThat(preflight.toMap()).containsEntry("secretsLeftOut", List.of("deployments/datahub/secrets/staging.yaml"));
        assertThat(preflight.valuesDiff()).noneMatch(l -> l.contains("secretToken"))
                .contains("~ jupyterhub.singleuser.memory.limit: (live value not shown) -> 512M");
        assertThat(preflight.toMap().toString()).doesNotContain("live-staging-token-9d8c7b").doesNotContain(b64);
    }

    /**
     * The same with the example's plain secrets file (hubploy's {@code secrets/}): left out too, and a live secret a
     * pull request moves into a plain values file is not shown in the diff.
     */
    @Test
    void preflightLeavesPlainSecretsFilesOutAndHidesLiveValues() throws Exception {
        pushImages();
        Path common = repo.resolve("deployments/datahub/config/common.yaml");
        Files.writeString(common, Files.readString(common) + "\nmoved:\n  token: pr-value\n");
        cluster.withRevisions(1, "deployed", Map.of("moved", Map.of("token", "live-moved-secret-5e6f"),
                "jupyterhub", Map.of("proxy", Map.of("secretToken", STAGING_SECRETS.get(0)))));

        DeployPreflight preflight = (DeployPreflight) deploy(new DeployOptions("staging", true, false, Duration.ofMinutes(30), null, StuckPolicy.FAIL));

        assertThat(preflight.secretsLeftOut()).containsExactly("deployments/datahub/secrets/staging.yaml");
        assertThat(cluster.calls("helm", "template").get(0).valuesFiles()).noneMatch(c -> STAGING_SECRETS.stream().anyMatch(c::contains));
        assertThat(preflight.valuesDiff()).contains("~ moved.token: (live value not shown) -> pr-value")
                .noneMatch(l -> l.contains("secretToken"));
        assertThat(logText()).doesNotContain("live-moved-secret-5e6f");
        for (String secret : STAGING_SECRETS) {
            assertThat(logText() + preflight.toMap()).doesNotContain(secret);
        }
    }

    /**
     * Simulated: helm status fails for a missing namespace, then for a missing kube context. Both also say "not
     * found", neither is a first install: nothing is upgraded, and helm status runs once (its result is reused).
     */
    @Test
    void namespaceOrContextErrorIsNotAFirstInstall() throws Exception {
        pushImages();
        cluster.releaseReadFailure = "Error: namespaces \"datahub-staging\" not found\n";

        HubDeployException namespace = deployFails(DeployOptions.defaults("staging"));

        assertThat(namespace.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(namespace.getMessage()).contains("helm status datahub-staging in namespace datahub-staging failed")
                .contains("namespaces \"datahub-staging\" not found");
        assertThat(cluster.calls("helm", "status")).hasSize(1);

        cluster.releaseReadFailure = "Error: context was not found for specified context: staging\n";
        HubDeployException context = deployFails(DeployOptions.defaults("staging"));

        assertThat(context.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(context.getMessage()).contains("context was not found").contains("KUBECONFIG");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
        assertThat(logText()).doesNotContain("first install");
    }

    private List<String> tmpDirs() throws IOException {
        Path at = repo.resolveSibling(repo.getFileName() + "@tmp");
        if (!Files.exists(at)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(at)) {
            return s.map(Path::toString).toList();
        }
    }

    private static List<String> valuesFiles(List<String> argv) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals("--values")) {
                files.add(argv.get(i + 1));
            }
        }
        return files;
    }

    private String git(String... args) throws IOException, InterruptedException {
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
}
