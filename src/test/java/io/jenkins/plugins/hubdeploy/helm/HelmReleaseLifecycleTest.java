package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.KubeApiMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A helm release's lifecycle with REAL Helm 3 - the Go library inside {@code com.marcnuri.helm-java} (the code of
 * the {@code helm} binary's install/upgrade/history/get values, run in-process) - against a Kubernetes API server on
 * a loopback port, reached through a generated kubeconfig, with the example chart and the values layered by the
 * product's own {@link ValuesLayering} (common, staging, secrets, generated image values).
 *
 * <p><b>Simulated</b>: the API server is fabric8's CRUD mock ({@link KubeApiMock}): it stores and returns objects
 * but runs nothing, so there is no {@code --wait} (pods never become ready) and no hooks. It has no strategic-merge
 * patch, so upgrades use {@code force()} (Helm then replaces objects with PUT instead of patching them). The failed
 * upgrade's cause is a simulated admission policy in the mock that refuses a ConfigMap carrying one image tag with
 * HTTP 400, as a validating webhook would; what Helm records for it is real.
 *
 * <p><b>Not possible here</b>: {@code helm rollback}. helm-java 0.0.21 has no rollback command, and its native
 * library exports none (Create, DependencyBuild/List/Update, History, Install, Lint, List, GetValues, Status,
 * Package, Push, Registry*, Repo*, SearchRepo, Show, Template, Test, Uninstall, Upgrade, Version). So the test proves
 * what the engine's rollback relies on - which revision "the last deployed revision" is, computed by the product's
 * {@link ReleaseHistory} from real history - and then restores that revision's stored values with a real upgrade
 * (what a re-deploy of the previous commit does), not with {@code helm rollback}; it asserts the statuses that path
 * produces, which differ from a rollback's only in the description ("Upgrade complete", not "Rollback to 2").
 *
 * <p>Every helm call runs on its own daemon thread with a timeout: a hung native call cannot be interrupted, so the
 * test fails with what hung instead of hanging (surefire runs tests in a forked JVM that exits regardless).
 */
class HelmReleaseLifecycleTest {
    private static final Path EXAMPLE = Path.of("examples/datahub").toAbsolutePath();
    private static final Path CHART = EXAMPLE.resolve("hub");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HELM_TIMEOUT_SECONDS = 90;
    private static final String USER_IMAGE = "127.0.0.1:5000/datahub/user-image";
    private static final String TOOLS_IMAGE = "127.0.0.1:5000/datahub/tools-image";

    @TempDir
    Path scratch;

    private final ExecutorService helmThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "helm-java");
        t.setDaemon(true);
        return t;
    });
    private KubeApiMock api;
    private Path kubeconfig;
    private DeploymentConfig config;
    private EnvironmentSpec staging;
    private String release;
    private String namespace;

    @BeforeEach
    void startApi() throws Exception {
        api = new KubeApiMock();
        kubeconfig = api.writeKubeconfig(scratch);
        config = ConfigLoader.load(EXAMPLE, "datahub");
        staging = config.environment("staging");
        release = config.chart().releaseFor(config.deployment(), staging.name());
        namespace = staging.namespace();
    }

    @AfterEach
    void stopApi() {
        helmThread.shutdownNow();
        api.close();
    }

    @Test
    void installUpgradeFailedUpgradeThenRestoreLastDeployedRevision() throws Exception {
        // 1. first deploy: upgrade --install --create-namespace, as the engine runs it
        LayeredValues first = layer("1", "0123456789", "012e5");
        Release installed = helm("install (upgrade --install, revision 1)", () -> upgrade(first.files()).call());

        assertThat(installed.getRevision()).isEqualTo("1");
        assertThat(installed.getStatus()).isEqualTo("deployed");
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"));
        assertThat(api.get("/api/v1/namespaces/" + namespace)).as("--create-namespace created it").isPresent();
        assertThat(imagesConfigMap().path("user-image").asText()).isEqualTo(USER_IMAGE + ":0123456789");
        assertThat(imagesConfigMap().path("tools-image").asText()).isEqualTo(TOOLS_IMAGE + ":012e5");
        JsonNode storedConfig1 = api.storedRelease(namespace, release, 1).orElseThrow().path("config");
        assertThat(storedConfig1).as("what real Helm stored as user-supplied values = the product's merged values")
                .isEqualTo(JSON.valueToTree(first.merged()));
        assertThat(storedConfig1.at("/jupyterhub/singleuser/image/tag").isTextual()).as("tag kept as a string").isTrue();

        // 2. upgrade with a new content tag
        LayeredValues second = layer("2", "20240502", "1e5");
        Release upgraded = helm("upgrade (revision 2)", () -> upgrade(second.files()).call());

        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(statuses()).containsExactly(Map.entry(1, "superseded"), Map.entry(2, "deployed"));
        assertThat(imagesConfigMap().path("user-image").asText()).isEqualTo(USER_IMAGE + ":20240502");
        assertThat(imagesConfigMap().path("tools-image").asText()).isEqualTo(TOOLS_IMAGE + ":1e5");

        // 3. an upgrade the API server refuses (simulated admission policy): Helm records a FAILED revision
        api.denyWrites("configmaps", USER_IMAGE + ":66666666",
                "admission webhook \"images.policy.example.org\" denied the request: tag 66666666 is not allowed");
        LayeredValues third = layer("3", "66666666", "1e5");
        String error = helmFailure("upgrade refused by the API (revision 3)", () -> upgrade(third.files()).call());

        assertThat(error).contains("denied the request").contains("66666666");
        assertThat(statuses()).as("the failed upgrade is recorded; the previous revision stays deployed")
                .containsExactly(Map.entry(1, "superseded"), Map.entry(2, "deployed"), Map.entry(3, "failed"));
        assertThat(imagesConfigMap().path("user-image").asText()).as("the refused write never landed")
                .isEqualTo(USER_IMAGE + ":20240502");
        ReleaseInfo latest = ReleaseInfo.parse(api.storedRelease(namespace, release, 3).orElseThrow().toString(),
                "stored release v3");
        assertThat(latest.revision()).isEqualTo(3);
        assertThat(latest.status()).isEqualTo("failed");
        assertThat(latest.pending()).as("a failed release is not stuck: the guard lets the next deploy through").isFalse();

        // 4. the target the engine rolls back to, computed by the product's parser from real Helm history
        ReleaseHistory history = ReleaseHistory.parse(historyJson());
        assertThat(history.entries()).extracting(ReleaseHistory.Entry::status)
                .containsExactly("superseded", "deployed", "failed");
        int target = history.lastDeployed().orElseThrow().revision();
        assertThat(target).isEqualTo(2);

        // ... and restoring it: revision 2's values as real Helm stored them, applied by a real upgrade (no rollback
        // in helm-java, see the class comment); a failed latest revision does not block this upgrade
        String targetValues = helm("get values --revision " + target,
                () -> Helm.get(release).values().withRevision(target).withNamespace(namespace).withKubeConfig(kubeconfig).call());
        Path targetFile = Files.writeString(scratch.resolve("revision-" + target + "-values.yaml"), targetValues);
        Release restored = helm("restore revision " + target + "'s values (revision 4)",
                () -> upgrade(List.of(targetFile.toString())).call());

        assertThat(restored.getRevision()).isEqualTo("4");
        assertThat(restored.getStatus()).isEqualTo("deployed");
        assertThat(statuses()).containsExactly(Map.entry(1, "superseded"), Map.entry(2, "superseded"),
                Map.entry(3, "failed"), Map.entry(4, "deployed"));
        assertThat(api.storedRelease(namespace, release, 4).orElseThrow().path("config"))
                .as("revision 4 carries revision 2's values")
                .isEqualTo(api.storedRelease(namespace, release, 2).orElseThrow().path("config"));
        assertThat(imagesConfigMap().path("user-image").asText()).isEqualTo(USER_IMAGE + ":20240502");
        assertThat(ReleaseHistory.parse(historyJson()).lastDeployed().orElseThrow().revision()).isEqualTo(4);
    }

    /** The values as the engine layers them for one deploy, with the two images at the given tags. */
    private LayeredValues layer(String deploy, String userTag, String toolsTag) throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("deploy-" + deploy));
        List<ImageValues> images = List.of(
                new ImageValues(USER_IMAGE, userTag, null, "jupyterhub.singleuser.image"),
                new ImageValues(TOOLS_IMAGE, toolsTag, null, "tools.image"));
        return new ValuesLayering(new LocalAgent(EXAMPLE), null, new CollectingLog(), new SecretMasker())
                .layer(staging, images, dir.toString());
    }

    /**
     * {@code helm upgrade --install R ./hub -n NS --create-namespace --reset-values -f ... --cleanup-on-fail}: the
     * engine's flags that helm-java has, minus {@code --wait}/{@code --timeout} (nothing ever becomes ready in the
     * mock), plus {@code force} and no OpenAPI validation (the mock's limits).
     */
    private UpgradeCommand upgrade(List<String> valuesFiles) {
        UpgradeCommand upgrade = new Helm(CHART).upgrade().install().withName(release).withNamespace(namespace)
                .createNamespace().resetValues().cleanupOnFail().force().disableOpenApiValidation()
                .withKubeConfig(kubeconfig);
        for (String file : valuesFiles) {
            upgrade = upgrade.withValuesFile(Path.of(file));
        }
        return upgrade;
    }

    /** revision -> status, from real {@code helm history} (helm-java does not sort it; the helm CLI does). */
    private Map<Integer, String> statuses() throws Exception {
        Map<Integer, String> statuses = new TreeMap<>();
        for (com.marcnuri.helm.ReleaseHistory entry : history()) {
            statuses.put(entry.getRevision(), entry.getStatus());
        }
        return statuses;
    }

    private List<com.marcnuri.helm.ReleaseHistory> history() throws Exception {
        return helm("history", () -> Helm.history(release).withNamespace(namespace).withKubeConfig(kubeconfig).call());
    }

    /**
     * Real history in {@code helm history -o json}'s shape: helm-java's entries carry exactly that command's fields
     * (revision, updated, status, chart, app_version, description).
     */
    private String historyJson() throws Exception {
        ArrayNode array = JSON.createArrayNode();
        for (com.marcnuri.helm.ReleaseHistory entry : history()) {
            array.addObject().put("revision", entry.getRevision())
                    .put("updated", entry.getUpdated() == null ? "" : entry.getUpdated().toString())
                    .put("status", entry.getStatus()).put("chart", entry.getChart())
                    .put("app_version", entry.getAppVersion()).put("description", entry.getDescription());
        }
        return array.toString();
    }

    private JsonNode imagesConfigMap() throws Exception {
        return api.get("/api/v1/namespaces/" + namespace + "/configmaps/" + release + "-images")
                .orElseThrow(() -> new AssertionError("ConfigMap " + release + "-images not in the mock; requests: "
                        + api.requests()))
                .path("data");
    }

    private <T> T helm(String what, Callable<T> call) throws Exception {
        Future<T> result = helmThread.submit(call);
        try {
            return result.get(HELM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return fail("helm " + what + " did not return within " + HELM_TIMEOUT_SECONDS + " s (a hung native call); "
                    + "API requests so far: " + api.requests());
        } catch (ExecutionException e) {
            throw new AssertionError("helm " + what + " failed: " + e.getCause().getMessage() + "; API requests: "
                    + api.requests(), e.getCause());
        }
    }

    /** Runs a helm call that must fail and returns helm's error text. */
    private String helmFailure(String what, Callable<?> call) throws Exception {
        Future<?> result = helmThread.submit(call);
        try {
            result.get(HELM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return fail("helm " + what + " did not return within " + HELM_TIMEOUT_SECONDS + " s (a hung native call)");
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        }
        return fail("helm " + what + " succeeded but had to fail");
    }
}
