package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.helm.HelmCli;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A repository with two deployments on staging with {@code changed: true}, on REAL components: real git (a bare
 * origin with staging and prod, clones), a real registry with each deployment's image under its content tag, real
 * helm 3 and kubectl against the real test cluster ({@link TestCluster}) with the namespace-scoped deployer identity,
 * the deploy records in the cluster as the deploys wrote them. The smoke reports are files in the smoke run's JSON
 * format (what runHubSmokeTests leaves in the workspace; no hub is needed to decide what the evidence binds).
 * An unchanged deployment's record carries the live commit's passed evidence over (and it then passes check and
 * deploy's verification); it is refused when that evidence failed or is missing, or staging moved since; a shared
 * input change deploys both and carries nothing over.
 */
class CarryOverEvidenceIT {
    private static final Map<String, String> STAGING_BUILD = Map.of("BRANCH_NAME", "staging");
    private static TestCluster cluster;
    private static RegistryFixture registry;
    private static Path shared;

    @TempDir
    Path tmp;
    private Path origin;
    private Path ci;
    private String namespace;
    private Map<String, String> env;
    private final CollectingLog log = new CollectingLog();

    @BeforeAll
    static void start() throws Exception {
        Components.require("git", "apt-get install -y git");
        cluster = TestCluster.shared();
        shared = Files.createTempDirectory("hubdeploy-carry-over-");
        registry = RegistryFixture.start(shared.resolve("registry"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.stop();
        }
    }

    /** Deployments a and b (own values and image each, the shared chart hub/), both deployed to staging once. */
    @BeforeEach
    void twoDeploymentsDeployed() throws Exception {
        namespace = cluster.newNamespace("carry");
        env = new HashMap<>(Map.of("KUBECONFIG", cluster.deployerKubeconfig().toString(),
                HelmCli.HELM_BIN, Tools.helm3().toString(), KubectlCli.KUBECTL_BIN, Tools.kubectl().toString(),
                "BRANCH_NAME", "staging"));
        Path seed = tmp.resolve("seed");
        PromoteRepos.write(seed.resolve("hub/Chart.yaml"), "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        PromoteRepos.write(seed.resolve("hub/templates/values.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-values
                data:
                  image: "{{ .Values.image.name }}:{{ .Values.image.tag }}"
                  greeting: {{ .Values.greeting | quote }}
                """);
        for (String d : List.of("a", "b")) {
            Path dir = seed.resolve("deployments/" + d);
            PromoteRepos.write(dir.resolve("hubdeploy.yaml"), "images:\n"
                    + "  - {name: " + registry.hostPort() + "/carry/" + d + ", context: image, valuesPath: image}\n"
                    + "environments:\n"
                    + "  staging: {namespace: " + namespace + ", values: [config/staging.yaml], hubUrl: \""
                    + PromoteRepos.STAGING_HUB + "\"}\n"
                    + "  prod: {namespace: " + namespace + "-prod, values: [config/prod.yaml], hubUrl: \"http://127.0.0.1:10/\"}\n");
            PromoteRepos.write(dir.resolve("image/Dockerfile"), "FROM scratch\n");
            PromoteRepos.write(dir.resolve("image/test-id.txt"), tmp + "\n");   // this test's own content tags
            PromoteRepos.write(dir.resolve("config/staging.yaml"), "greeting: hello " + d + "\n");
            PromoteRepos.write(dir.resolve("config/prod.yaml"), "greeting: hello " + d + " prod\n");
        }
        PromoteRepos.write(seed.resolve("README.md"), "two hubs\n");
        PromoteRepos.write(seed.resolve(".gitignore"), ".hubdeploy/\nhubdeploy-smoke*\n");
        origin = tmp.resolve("origin.git");
        PromoteRepos.git(tmp, "init", "-q", "--bare", "-b", "staging", origin.toString());
        PromoteRepos.git(seed, "init", "-q", "-b", "staging");
        PromoteRepos.git(seed, "add", "-A");
        PromoteRepos.git(seed, "commit", "-qm", "two hubs");
        PromoteRepos.git(seed, "push", "-q", origin.toString(), "HEAD:refs/heads/staging", "HEAD:refs/heads/prod");
        PromoteRepos.git(tmp, "clone", "-q", "-b", "staging", origin.toString(), tmp.resolve("ci").toString());
        ci = tmp.resolve("ci");
        for (String d : List.of("a", "b")) {
            String tag = new ContentTagger(new LocalProcessRunner(ci, log), new LocalAgent(ci), log)
                    .tagsFor(ConfigLoader.load(ci, d).images()).get(0);
            registry.pushTinyImage("carry/" + d, tag);
        }
        assertThat(deployChanged()).containsEntry("a", "ok").containsEntry("b", "ok");
    }

    /** {@code helmDeployStaging(deployments: 'a,b', changed: true)}: each deployment's status. */
    private Map<String, String> deployChanged() throws Exception {
        List<EachDeployment.Outcome> outcomes = new ManyDeployments(new LocalProcessRunner(ci, log), new LocalAgent(ci),
                log, env).deploy(new DeploymentSelection("a,b"), new DeployOptions("staging", false, false,
                Duration.ofMinutes(2), null, io.jenkins.plugins.hubdeploy.helm.StuckPolicy.FAIL), true, 2);
        Map<String, String> status = new HashMap<>();
        outcomes.forEach(o -> status.put(o.deployment(), o.status()));
        return status;
    }

    /** What runHubSmokeTests(report: 'hubdeploy-smoke-D.json') leaves after a run against staging. */
    private void smoked(String d, int passed, int failed) throws Exception {
        PromoteRepos.write(ci.resolve("hubdeploy-smoke-" + d + ".json"), "{\"hubUrl\": \"http://127.0.0.1:9\","
                + " \"hubVersion\": \"5.2.1\", \"passed\": " + passed + ", \"failed\": " + failed + ", \"skipped\": 0,"
                + " \"exitCode\": " + (failed > 0 ? 1 : 0) + "}");
    }

    private Map<String, Object> promote(String d, PromoteMode mode, Map<String, String> extraEnv, String kubeconfig)
            throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        PromoteOptions options = new PromoteOptions(mode, null, null, null, null, null, null,
                "hubdeploy-smoke-" + d + ".json", kubeconfig, null, null, null, false, false, null, null);
        return PromoteRepos.engine(ci, log, all, Clock.systemUTC()).run(ConfigLoader.load(ci, d), options, null, null);
    }

    private Map<String, Object> record(String d) throws Exception {
        return promote(d, PromoteMode.RECORD, STAGING_BUILD, null);
    }

    private String commitAndPull(String file, String content) throws Exception {
        Path dev = tmp.resolve("dev-" + System.nanoTime());
        PromoteRepos.git(tmp, "clone", "-q", "-b", "staging", origin.toString(), dev.toString());
        PromoteRepos.commitAndPush(dev, file, content);
        PromoteRepos.git(ci, "pull", "-q", "origin", "staging");
        return PromoteRepos.head(ci);
    }

    private Evidence evidenceOf(String d, String tree) throws Exception {
        PromoteRepos.git(ci, "fetch", "-q", "origin", "+" + EvidenceStore.REF + ":" + EvidenceStore.REF);
        return EvidenceNote.parse(PromoteRepos.git(ci, "notes", "--ref=hubdeploy", "show", tree), "test")
                .find(d, "staging").orElseThrow();
    }

    /** The evidence note on {@code tree} in the remote's notes, or "" when there is none. */
    private String noteOn(String tree) throws Exception {
        PromoteRepos.git(ci, "fetch", "-q", "origin", "+" + EvidenceStore.REF + ":" + EvidenceStore.REF);
        try {
            return PromoteRepos.git(ci, "notes", "--ref=hubdeploy", "show", tree);
        } catch (java.io.IOException none) {
            assertThat(none.getMessage()).contains("no note found");
            return "";
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnchangedDeploymentCarriesThePassedEvidenceOverAndItPassesCheckAndDeploy() throws Exception {
        String c1 = PromoteRepos.head(ci);
        String t1 = PromoteRepos.tree(ci, c1);
        smoked("a", 3, 0);
        smoked("b", 4, 0);
        record("a");
        record("b");
        Evidence tested = evidenceOf("a", t1);

        String c2 = commitAndPull("deployments/b/config/staging.yaml", "greeting: hi b\n");
        String t2 = PromoteRepos.tree(ci, c2);
        assertThat(deployChanged()).as("only b changed").containsEntry("a", "skipped").containsEntry("b", "ok");
        Files.delete(ci.resolve("hubdeploy-smoke-a.json"));   // a was not smoke-tested: no report is needed
        smoked("b", 5, 0);
        Map<String, Object> a = record("a");
        Map<String, Object> b = record("b");

        assertThat((Map<String, Object>) a.get("carriedOver")).containsEntry("commit", c1).containsEntry("tree", t1)
                .containsEntry("recordedAt", tested.recordedAt());
        assertThat(String.valueOf(((Map<String, Object>) a.get("carriedOver")).get("reason")))
                .startsWith("no input changed since the live commit " + c1.substring(0, 12));
        assertThat(b.get("carriedOver")).as("b was deployed and tested").isNull();
        Evidence carried = evidenceOf("a", t2);
        assertThat(carried.result()).isEqualTo(Evidence.PASSED);
        assertThat(carried.commit()).isEqualTo(c2);
        assertThat(carried.deploy()).isEqualTo(tested.deploy());
        assertThat(carried.images()).isEqualTo(tested.images()).isNotEmpty();
        assertThat(carried.smoke()).isEqualTo(tested.smoke());
        assertThat(carried.extra()).containsKey("carriedFrom");
        assertThat(evidenceOf("b", t2).deploy().revision()).isEqualTo(2);
        assertThat(log.lines.toString()).contains("evidence of a/staging for tree " + t1 + " verified")
                .contains("live staging release compared");

        // the promotion pull request's check, with the live staging compared too: both pass
        Map<String, String> pullRequest = Map.of("BRANCH_NAME", "PR-1", "CHANGE_ID", "1", "CHANGE_BRANCH", "staging",
                "CHANGE_TARGET", "prod");
        for (String d : List.of("a", "b")) {
            Map<String, Object> check = promote(d, PromoteMode.CHECK, pullRequest, cluster.deployerKubeconfig().toString());
            Map<String, Object> verification = (Map<String, Object>) check.get("verification");
            assertThat(verification.get("outcome")).isEqualTo("passed");
            assertThat(verification.get("checks").toString()).contains("staging-revision").contains("image-digest")
                    .contains(d.equals("a") ? "carried over from commit " + c1 : "for commit " + c2);
        }
        // deploy (on prod) verifies the same evidence before anything touches prod; it then stops at the missing prod
        // hub token (exit 2), which is checked after the verification and before the Lease or helm
        HubDeployException noToken = catchThrowableOfType(HubDeployException.class,
                () -> promote("a", PromoteMode.DEPLOY, Map.of("BRANCH_NAME", "prod"), null));
        assertThat(noToken.getMessage()).contains("give the prod hub's API token");
        assertThat(log.lines.toString()).contains("evidence of a/staging for tree " + t2 + " verified");

        // staging moved since (a helm upgrade outside hubdeploy): a later carry-over is refused, nothing recorded
        Process byHand = new ProcessBuilder(Tools.helm3().toString(), "upgrade", "a-staging", ci.resolve("hub").toString(),
                "--namespace", namespace, "--reuse-values", "--set", "greeting=by hand",
                "--kubeconfig", cluster.adminKubeconfig().toString()).redirectErrorStream(true).start();
        String byHandOut = new String(byHand.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(byHand.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(byHand.exitValue()).as(byHandOut).isZero();
        String c3 = commitAndPull("README.md", "two hubs, again\n");
        assertThat(deployChanged()).containsEntry("a", "skipped").containsEntry("b", "skipped");
        HubDeployException moved = catchThrowableOfType(HubDeployException.class, () -> record("a"));
        assertThat(moved.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(moved.getMessage()).contains("cannot be carried over").contains("check 'staging-revision'")
                .contains("expected " + tested.deploy().revision() + ", found " + (tested.deploy().revision() + 1))
                .contains("Nothing was recorded");
        assertThat(noteOn(PromoteRepos.tree(ci, c3))).as("no evidence for the new tree").isEmpty();
    }

    @Test
    void theCarryOverIsRefusedWhenTheLiveCommitsEvidenceFailedOrIsMissing() throws Exception {
        smoked("a", 2, 1);
        HubDeployException failedSmoke = catchThrowableOfType(HubDeployException.class, () -> record("a"));
        assertThat(failedSmoke.getMessage()).contains("evidence recorded as failed");
        // b's evidence was never recorded
        String c2 = commitAndPull("README.md", "nothing a or b uses\n");
        assertThat(deployChanged()).containsEntry("a", "skipped").containsEntry("b", "skipped");

        HubDeployException a = catchThrowableOfType(HubDeployException.class, () -> record("a"));
        HubDeployException b = catchThrowableOfType(HubDeployException.class, () -> record("b"));

        assertThat(a.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(a.getMessage()).contains("evidence of a/staging cannot be carried over to commit " + c2)
                .contains("its smoke tests failed").contains("check 'result'").contains("it must be deployed and tested");
        assertThat(b.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(b.getMessage()).contains("has no staging evidence of this deployment").contains("check 'evidence'")
                .contains("found none");
        assertThat(noteOn(PromoteRepos.tree(ci, c2))).as("no evidence for the new tree").isEmpty();
    }

    @Test
    void aSharedInputChangeDeploysBothAndCarriesNothingOver() throws Exception {
        smoked("a", 3, 0);
        smoked("b", 3, 0);
        record("a");
        record("b");
        String c2 = commitAndPull("hub/templates/values.yaml", Files.readString(ci.resolve("hub/templates/values.yaml"))
                + "  shared: \"changed\"\n");
        assertThat(deployChanged()).as("the chart is shared").containsEntry("a", "ok").containsEntry("b", "ok");
        Files.delete(ci.resolve("hubdeploy-smoke-a.json"));
        HubDeployException untested = catchThrowableOfType(HubDeployException.class, () -> record("a"));
        assertThat(untested.exitCode()).as("deployed here: its smoke report is needed").isEqualTo(ExitCode.USAGE);
        assertThat(untested.getMessage()).contains("no smoke report at hubdeploy-smoke-a.json");

        smoked("a", 6, 0);
        smoked("b", 7, 0);
        for (String d : List.of("a", "b")) {
            assertThat(record(d).get("carriedOver")).isNull();
            Evidence e = evidenceOf(d, PromoteRepos.tree(ci, c2));
            assertThat(e.extra()).doesNotContainKey("carriedFrom");
            assertThat(e.deploy().revision()).isEqualTo(2);
            assertThat(e.smoke().passed()).isEqualTo(d.equals("a") ? 6 : 7);
        }
    }
}
