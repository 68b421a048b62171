package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.kube.LeaseLock;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.KubeApiMock;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.PlanRun;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy plan} on real components: real git (a bare origin, evidence notes recorded by the real record
 * mode), a real registry (docker-registry) with an image pushed by real buildah under the plan's content tag. helm
 * and kubectl are the stand-in {@link FakeHelmCluster} (a fast unit test; the deploy preflight itself runs on real
 * helm and the test cluster in RealClusterDeployIT and bin/demo): it answers the preflight's helm template / get values like a release with one revision; the prod Lease is
 * read by the real kubectl from the SIMULATED API server {@link KubeApiMock}.
 */
class PlanRunTest {
    private static Path root;
    private static RegistryFixture registry;
    private static Map<String, String> buildah;

    @TempDir
    Path tmp;
    private final CollectingLog log = new CollectingLog();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("hubdeploy-plan");
        buildah = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.stop();
        }
        BuildahFixture.cleanup(root.resolve("storage"));
    }

    private KubeApiMock api;

    @org.junit.jupiter.api.BeforeEach
    void startApi() throws Exception {
        api = new KubeApiMock();
    }

    @org.junit.jupiter.api.AfterEach
    void stopApi() {
        api.close();
    }

    /** The prod Lease through the REAL kubectl against the SIMULATED API server (KubeApiMock), as LeaseLockTest. */
    private Map<String, String> kubeEnv() throws Exception {
        return Map.of("KUBECONFIG", api.writeKubeconfig(tmp).toString(), KubectlCli.KUBECTL_BIN,
                Components.require("kubectl", "bin/install-deps (kubectl)").toString());
    }

    private Map<String, Object> plan(Path clone, Clock clock) throws Exception {
        FakeHelmCluster cluster = new FakeHelmCluster(clone, log).withRevisions(1, "deployed", Map.of("a", 1));
        LocalProcessRunner real = new LocalProcessRunner(clone, log);
        ProcessRunner runner = spec -> {
            String tool = Path.of(spec.executable()).getFileName().toString();
            boolean lease = spec.argv().stream().anyMatch(a -> a.contains("/leases/"));
            return !lease && (tool.equals("helm") || tool.equals("kubectl")) ? cluster.run(spec) : real.run(spec);
        };
        return new PlanRun(runner, new LocalAgent(clone), SerializableBuildLog.inProcess(log), kubeEnv(), clock)
                .run(PromoteRepos.config(clone), "staging", null);
    }

    @Test
    void noneThenBuildThenPassedReuseThenStaleAndAnUnreachableRegistryIsExit3() throws Exception {
        String image = registry.hostPort() + "/plan/user";
        PromoteRepos repos = PromoteRepos.create(tmp, List.of(image));
        Path ci = repos.clone("ci", "staging");
        PromoteRepos.commitAndPush(ci, "deployments/hub/config/staging.yaml", "a: 3\n");

        Map<String, Object> first = plan(ci, Clock.systemUTC());
        Map<String, Object> firstImage = map(list(first.get("images")).get(0));
        assertThat(firstImage.get("action")).isEqualTo("build");
        assertThat(firstImage.get("inRegistry")).isEqualTo(false);
        assertThat(map(first.get("evidence"))).containsEntry("state", "none")
                .containsEntry("tree", PromoteRepos.tree(ci, "HEAD"));
        assertThat(map(first.get("promotion"))).containsEntry("allowed", false);
        assertThat(first.get("exitCode")).isEqualTo(0);
        Map<String, Object> values = map(first.get("values"));
        assertThat(values.get("release")).isEqualTo("hub-staging");
        assertThat(list(values.get("valuesDiff"))).isNotEmpty();

        // the staging build: push the image under the planned tag, record passed evidence for this tree
        String reference = (String) firstImage.get("image");
        String tag = reference.substring(reference.lastIndexOf(':') + 1);
        String digest = push(reference);
        PromoteRepos.stagingBuild(ci, List.of(new ImageValues(image, tag, digest, null)), 5, 0);
        PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.RECORD), null, null);

        Path fresh = repos.clone("fresh", "staging"); // another workspace: evidence comes from the remote's notes
        Map<String, Object> second = plan(fresh, Clock.systemUTC());
        assertThat(map(list(second.get("images")).get(0))).containsEntry("action", "reuse")
                .containsEntry("digest", digest);
        assertThat(map(second.get("evidence"))).containsEntry("state", "passed");
        assertThat(map(second.get("promotion"))).containsEntry("allowed", true).containsEntry("lock", "free");

        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);
        Map<String, Object> stale = plan(fresh, later);
        assertThat(map(stale.get("evidence"))).containsEntry("state", "stale");
        assertThat(String.valueOf(map(stale.get("promotion")).get("refusals"))).contains("is stale");

        registry.stop();
        try {
            Map<String, Object> blind = plan(fresh, Clock.systemUTC());
            assertThat(blind.get("exitCode")).isEqualTo(3);
            assertThat(list(blind.get("cannotLook"))).contains("images");
            assertThat(map(blind.get("images"))).containsKey("error");
        } finally {
            registry = RegistryFixture.start(root.resolve("registry"));
        }
    }

    @Test
    void failedEvidenceAndAnOpenDenyWindowAreRefusalsNotErrors() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of(), """
                promotion:
                  denyWindows:
                    - {from: "2020-01-01T00:00", to: "2099-01-01T00:00", timeZone: UTC, reason: finals week}
                """);
        Path ci = repos.clone("ci", "staging");
        Map<String, String> kube = kubeEnv();
        LeaseLock held = LeaseLock.acquire(new KubectlCli(new LocalProcessRunner(ci, log), kube, new SecretMasker()),
                new LocalAgent(ci), log, new SecretMasker(), new LeaseLock.Settings("hub-prod", "hub-prod",
                        "other-promotion", Duration.ofMinutes(30), Duration.ZERO));
        PromoteRepos.stagingBuild(ci, List.of(), 3, 2);
        try {
            PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                    PromoteOptions.of(PromoteMode.RECORD), null, null);
        } catch (io.jenkins.plugins.hubdeploy.platform.HubDeployException recordedFailure) {
            assertThat(recordedFailure.exitCode().code()).isEqualTo(1); // the failure is recorded, then exit 1
        }
        Map<String, Object> plan = plan(repos.clone("fresh", "staging"), Clock.systemUTC());
        assertThat(map(plan.get("evidence"))).containsEntry("state", "failed");
        Map<String, Object> promotion = map(plan.get("promotion"));
        assertThat(promotion.get("allowed")).isEqualTo(false);
        assertThat(promotion.get("refusals").toString()).contains("is failed").contains("deny window open")
                .contains("finals week").contains("holds the prod lock: held by other-promotion until");
        assertThat(promotion.get("lock").toString()).startsWith("held by other-promotion");
        held.release();
        assertThat(plan.get("exitCode")).isEqualTo(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static String push(String reference) throws Exception {
        Path file = Files.writeString(root.resolve("content.txt"), "plan " + System.nanoTime());
        String container = buildah("from", "scratch").strip();
        buildah("copy", container, file.toString(), "/content.txt");
        buildah("commit", "-q", container, "localhost/plan-test:latest");
        buildah("rm", container);
        Path digest = root.resolve("digest");
        buildah("push", "--tls-verify=false", "--digestfile", digest.toString(), "localhost/plan-test:latest",
                "docker://" + reference);
        return Files.readString(digest).strip();
    }

    private static String buildah(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("buildah"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(buildah);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new java.io.IOException("buildah " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
