package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.KubeApiMock;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Prebuilt images pinned as {@code REPO:TAG}, {@code REPO@sha256:D} and {@code REPO:TAG@sha256:D}, in a hubdeploy.yaml
 * and in a hubploy.yaml, through the whole promotion: the staging deploy looks the pin up in a REAL registry on
 * loopback (images pushed by buildah; skopeo the independent witness and the one that deletes a manifest), record
 * writes the evidence as a git note (real git, bare origin), merge verifies it (EvidenceVerifier against the real
 * registry) and moves prod, and the prod deploy checks the images once more (run/PinnedImages) and gives the chart
 * the same name and tag as staging's deploy did. helm and the workload kubectl calls are SIMULATED by
 * {@link FakeHelmCluster} (this is about which image reaches the chart, not helm itself); the prod Lease goes through
 * the REAL kubectl against {@link KubeApiMock}; the prod smoke test runs against a REAL JupyterHub.
 * A hubploy.yaml sets no hub URL, so mode deploy cannot smoke-test its prod: that case runs the same
 * {@link ProdDeployer} with the hub URL given, on the images read back from the evidence note.
 */
class DigestPinPromotionTest {
    private static final String STAGING_HUB = "http://127.0.0.1:9";
    private static final String TAG = "v1";

    private static Path root;
    private static RegistryFixture registry;
    private static Map<String, String> buildah;
    private static JupyterHubFixture hub;
    private static String testedImage;
    private static String otherImage;
    private static int counter;

    private final CollectingLog log = new CollectingLog();
    private KubeApiMock api;

    enum Form { TAG, DIGEST, TAG_AND_DIGEST }

    enum Kind { HUBDEPLOY_YAML, HUBPLOY_YAML }

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("hubdeploy-digest-pins");
        buildah = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
        testedImage = build("tested", "tested on staging\n");
        otherImage = build("other", "NOT what staging ran\n");
        hub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (hub != null) {
                hub.stop();
            }
            if (registry != null) {
                registry.stop();
            }
        } finally {
            BuildahFixture.cleanup(root.resolve("storage"));
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @AfterEach
    void closeApi() {
        if (api != null) {
            api.close();
        }
    }

    static Stream<Arguments> everyPin() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Form form : Form.values()) {
                all.add(Arguments.of(kind, form));
            }
        }
        return all.stream();
    }

    /** One pin through record, verification (merge) and the prod deploy; a digest pin survives a re-pushed tag. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPin")
    void aPinIsRecordedVerifiedAndDeployedToProdAsStagingGotIt(Kind kind, Form form) throws Exception {
        String repository = "user-images/pinned-" + (++counter);
        String digest = push(testedImage, repository, TAG);
        String image = registry.image(repository).toString();
        String pin = pin(image, form, digest);
        Path origin = origin(kind, pin);
        Path ci = clone(origin, "ci", "staging");
        PromoteRepos.commitAndPush(ci, "deployments/a11y/config/staging.yaml", "jupyterhub: {}\n# tested\n");

        FakeHelmCluster staging = new FakeHelmCluster(ci, log);
        new DeployRun(staging, new LocalAgent(ci), log, Map.of()).run(PromoteRepos.config(ci),
                DeployOptions.defaults("staging"));
        assertThat(lastValues(staging)).contains(chartName(image, form, digest)).contains(chartTag(form, digest));
        smokeReport(ci);
        engine(ci, Map.of()).run(PromoteRepos.config(ci), PromoteOptions.of(PromoteMode.RECORD), null, null);

        // the note on the remote, read back as a later build on another agent reads it
        Evidence recorded = stagingEvidence(origin, ci);
        assertThat(recorded.images()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo(image);
            assertThat(i.tag()).isEqualTo(recordedTag(form, digest));
            assertThat(i.digest()).isEqualTo(digest);
            assertThat(i.reference()).isEqualTo(pin);
        });
        if (form == Form.DIGEST) {
            assertThat(rawNote(origin, ci)).contains("\"tag\":null").doesNotContain("\"tag\":\"null\"");
        }
        if (form != Form.TAG) {
            // the tag moves on after staging was tested: the digest is what the pin runs, so nothing changes
            String repushed = push(otherImage, repository, TAG);
            assertThat(BuildahFixture.skopeoDigest(registry.image(repository).withTag(TAG), null))
                    .isEqualTo(repushed).isNotEqualTo(digest);
        }

        Map<String, Object> merged = engine(ci, Map.of()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.MERGE), null, null);
        assertThat(merged.get("merge")).isEqualTo("fast-forward");
        assertThat(merged.get("verification").toString()).contains("image-digest").contains(digest);
        assertThat(log.text()).contains("1 image digest(s)");

        Path prod = clone(origin, "prod-build-" + counter, "prod");
        FakeHelmCluster cluster = new FakeHelmCluster(prod, log).withRevisions(3, "deployed", Map.of());
        Evidence prodEvidence;
        if (kind == Kind.HUBDEPLOY_YAML) {
            Map<String, Object> result = engine(runner(prod, cluster), prod, env(prod)).run(PromoteRepos.config(prod),
                    PromoteOptions.of(PromoteMode.DEPLOY), null, null, hub.token());
            assertThat(result.get("prod").toString()).contains("passed=true");
            prodEvidence = evidence(origin, prod, "prod");
        } else {
            DeploymentConfig config = PromoteRepos.config(prod);
            List<ImageValues> images = stagingEvidence(origin, prod).images().stream()
                    .map(i -> i.values("jupyterhub.singleuser.image")).toList();
            ProdDeployOutcome outcome = new ProdDeployer(cluster, new LocalAgent(prod), SerializableBuildLog.inProcess(log),
                    Map.of()).deploy(config, images, prodOptions(), hub.token());
            assertThat(outcome.passed()).isTrue();
            prodEvidence = null;
        }
        String values = lastValues(cluster);
        assertThat(values).contains(chartName(image, form, digest)).contains(chartTag(form, digest));
        assertThat(log.text()).contains(form == Form.TAG ? "image " + pin + " still has the recorded digest " + digest
                : "image " + pin + " (pinned by digest) is in the registry");
        if (prodEvidence != null) {
            assertThat(prodEvidence.result()).isEqualTo(Evidence.PASSED);
            assertThat(prodEvidence.images()).singleElement().satisfies(i -> {
                assertThat(i.tag()).isEqualTo(recordedTag(form, digest));
                assertThat(i.digest()).isEqualTo(digest);
            });
        }
    }

    /** A digest the registry no longer has is refused by the verification and by the prod deploy's own check. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("digestPins")
    void aDigestNoLongerInTheRegistryIsRefusedNamingTheImageAndTheDigest(Form form) throws Exception {
        String repository = "user-images/deleted-" + (++counter);
        String digest = push(testedImage, repository, TAG);
        String image = registry.image(repository).toString();
        String pin = pin(image, form, digest);
        Path origin = origin(Kind.HUBDEPLOY_YAML, pin);
        Path ci = clone(origin, "ci", "staging");
        PromoteRepos.commitAndPush(ci, "deployments/a11y/config/staging.yaml", "jupyterhub: {}\n# tested\n");
        new DeployRun(new FakeHelmCluster(ci, log), new LocalAgent(ci), log, Map.of()).run(PromoteRepos.config(ci),
                DeployOptions.defaults("staging"));
        smokeReport(ci);
        engine(ci, Map.of()).run(PromoteRepos.config(ci), PromoteOptions.of(PromoteMode.RECORD), null, null);
        String prodBefore = originRef(origin, "refs/heads/prod");

        skopeo("delete", "--tls-verify=false", "docker://" + image + "@" + digest);
        assertThat(catchThrowableOfType(IOException.class, () -> skopeo("inspect", "--tls-verify=false", "--raw",
                "docker://" + image + "@" + digest))).hasMessageContaining("manifest unknown");

        HubDeployException refused = catchThrowableOfType(HubDeployException.class, () -> engine(ci, Map.of())
                .run(PromoteRepos.config(ci), PromoteOptions.of(PromoteMode.MERGE), null, null));
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.getMessage()).contains("check 'image-digest' failed")
                .contains("expected " + pin + " in the registry, found " + pin + ": not in the registry")
                .contains("The registry no longer has the image that ran on staging");
        assertThat(originRef(origin, "refs/heads/prod")).isEqualTo(prodBefore);

        // the prod deploy checks again just before helm (the manifest may go between verification and deploy)
        FakeHelmCluster cluster = new FakeHelmCluster(ci, log);
        List<ImageValues> images = stagingEvidence(origin, ci).images().stream()
                .map(i -> i.values("jupyterhub.singleuser.image")).toList();
        HubDeployException atDeploy = catchThrowableOfType(HubDeployException.class, () -> new DeployRun(cluster,
                new LocalAgent(ci), log, Map.of()).run(PromoteRepos.config(ci), DeployOptions.defaults("prod"), images));
        assertThat(atDeploy.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(atDeploy.getMessage()).contains("the registry no longer has " + pin)
                .contains("(pinned by digest)").contains("Nothing was changed");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    static Stream<Form> digestPins() {
        return Stream.of(Form.DIGEST, Form.TAG_AND_DIGEST);
    }

    /** Images that do not match the configuration's digest pin (a note edited by hand) never reach the chart. */
    @Test
    void theProdDeployRefusesImagesThatAreNotTheConfiguredDigestPin() throws Exception {
        String repository = "user-images/form-" + (++counter);
        String digest = push(testedImage, repository, TAG);
        String image = registry.image(repository).toString();
        Path origin = origin(Kind.HUBPLOY_YAML, pin(image, Form.DIGEST, digest));
        Path ci = clone(origin, "ci", "staging");
        FakeHelmCluster cluster = new FakeHelmCluster(ci, log);
        // the same manifest, but by its tag: what the chart would get is not the pin staging deployed
        List<ImageValues> byTag = List.of(new ImageValues(image, TAG, digest, "jupyterhub.singleuser.image"));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new DeployRun(cluster,
                new LocalAgent(ci), log, Map.of()).run(PromoteRepos.config(ci), DeployOptions.defaults("prod"), byTag));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("the recorded image " + image + ":" + TAG + " is not the digest pin "
                + image + "@" + digest).contains("deployments/a11y/hubploy.yaml").contains("Nothing was changed");
        assertThat(cluster.calls("helm", "upgrade")).isEmpty();
    }

    /** Evidence recorded by an earlier version (plain tags, no field added since) still reads and verifies. */
    @Test
    void formatOneEvidenceOfATagReadsAsBefore() throws Exception {
        String note = "{\"format\":1,\"evidence\":[{\"format\":1,\"deployment\":\"a11y\",\"environment\":\"staging\","
                + "\"result\":\"passed\",\"git\":{\"commit\":\"c1\",\"tree\":\"t1\"},\"images\":[{\"name\":\"r/x\","
                + "\"tag\":\"h1\",\"digest\":\"sha256:" + "a".repeat(64) + "\"}],\"deploy\":{\"release\":\"a11y-staging\","
                + "\"namespace\":\"a11y-staging\",\"revision\":3},\"smoke\":{\"passed\":2,\"failed\":0,\"skipped\":0},"
                + "\"recordedAt\":\"2026-12-01T10:00:00Z\"}]}";
        Evidence e = EvidenceNote.parse(note, "test").find("a11y", "staging").orElseThrow();
        assertThat(e.images()).singleElement().satisfies(i -> {
            assertThat(i.tag()).isEqualTo("h1");
            assertThat(i.reference()).isEqualTo("r/x:h1");
            assertThat(i.values(null).pinnedByDigest()).isFalse();
            assertThat(i.values(null).registryReference()).isEqualTo("h1");
        });
    }

    private static String pin(String image, Form form, String digest) {
        return switch (form) {
            case TAG -> image + ":" + TAG;
            case DIGEST -> image + "@" + digest;
            case TAG_AND_DIGEST -> image + ":" + TAG + "@" + digest;
        };
    }

    /** The tag in the deploy record and the evidence: what the chart got (ImageValues). */
    private static String recordedTag(Form form, String digest) {
        return switch (form) {
            case TAG -> TAG;
            case DIGEST -> null;
            case TAG_AND_DIGEST -> TAG + "@" + digest;
        };
    }

    /** docs/configuration.md: a digest-only pin goes to the chart as name REPO@sha256:... with an empty tag. */
    private static String chartName(String image, Form form, String digest) {
        return "name: \"" + (form == Form.DIGEST ? image + "@" + digest : image) + "\"";
    }

    private static String chartTag(Form form, String digest) {
        String tag = recordedTag(form, digest);
        return "tag: \"" + (tag == null ? "" : tag) + "\"";
    }

    /** The generated values file (the last -f) of the last helm upgrade. */
    private static String lastValues(FakeHelmCluster cluster) {
        List<FakeHelmCluster.Call> upgrades = cluster.calls("helm", "upgrade");
        assertThat(upgrades).isNotEmpty();
        List<String> files = upgrades.get(upgrades.size() - 1).valuesFiles();
        return files.get(files.size() - 1);
    }

    /** A bare origin whose staging and prod hold deployment a11y pinning {@code pin} in the given file. */
    private Path origin(Kind kind, String pin) throws Exception {
        Path dir = Files.createDirectories(root.resolve("git-" + counter));
        Path seed = dir.resolve("seed");
        write(seed, "hub/Chart.yaml", "apiVersion: v1\nname: hub\nversion: 0.1.0\n");
        write(seed, "deployments/a11y/config/common.yaml", "jupyterhub:\n  singleuser:\n    defaultUrl: /lab\n");
        write(seed, "deployments/a11y/config/staging.yaml", "jupyterhub: {}\n");
        write(seed, "deployments/a11y/config/prod.yaml", "jupyterhub: {}\n");
        write(seed, ".gitignore", ".hubdeploy/\nhubdeploy-smoke*\n");
        if (kind == Kind.HUBPLOY_YAML) {
            write(seed, "deployments/a11y/hubploy.yaml", "images:\n  images:\n    - name: " + pin + "\n"
                    + "cluster:\n  provider: gcloud\n  gcloud: {project: p, cluster: c, zone: z, service_key: k.json}\n");
        } else {
            write(seed, "deployments/a11y/hubdeploy.yaml", "images:\n  - name: " + pin + "\n"
                    + "environments:\n  staging: {namespace: a11y-staging, hubUrl: \"" + STAGING_HUB + "\"}\n"
                    + "  prod: {namespace: a11y-prod, hubUrl: \"" + hub.url() + "\"}\n"
                    + "smoke:\n  user: digest-pin-check\n  imports: [json]\n  timeout: 120\n");
        }
        PromoteRepos.git(dir, "init", "-q", "-b", "staging", seed.toString());
        PromoteRepos.git(seed, "add", "-A");
        PromoteRepos.git(seed, "commit", "-qm", "pin");
        Path origin = dir.resolve("origin.git");
        PromoteRepos.git(dir, "init", "-q", "--bare", origin.toString());
        PromoteRepos.git(seed, "push", "-q", origin.toString(), "HEAD:refs/heads/staging", "HEAD:refs/heads/prod");
        return origin;
    }

    private static Path clone(Path origin, String name, String branch) throws Exception {
        Path dir = origin.getParent().resolve(name);
        PromoteRepos.git(origin.getParent(), "clone", "-q", "-b", branch, origin.toString(), dir.toString());
        return dir;
    }

    private static String originRef(Path origin, String ref) throws Exception {
        return PromoteRepos.git(origin, "for-each-ref", "--format=%(objectname)", ref).strip();
    }

    private static void write(Path dir, String relative, String content) throws IOException {
        PromoteRepos.write(dir.resolve(relative), content);
    }

    /** What the staging smoke run leaves (its JSON report format); the smoke run itself is not what is tested here. */
    private static void smokeReport(Path ci) throws IOException {
        PromoteRepos.write(ci.resolve("hubdeploy-smoke.json"), "{\"hubUrl\":\"" + STAGING_HUB + "\",\"hubVersion\":"
                + "\"5.2.1\",\"passed\":3,\"failed\":0,\"skipped\":0,\"exitCode\":0}");
    }

    private static String rawNote(Path origin, Path clone) throws Exception {
        Path reader = clone(origin, "raw-" + System.nanoTime(), "staging");
        PromoteRepos.git(reader, "fetch", "-q", "origin", EvidenceStore.REF + ":" + EvidenceStore.REF);
        return PromoteRepos.git(reader, "notes", "--ref=hubdeploy", "show", PromoteRepos.tree(clone, "HEAD"))
                .replaceAll("\\s", "");
    }

    private static Evidence stagingEvidence(Path origin, Path clone) throws Exception {
        return evidence(origin, clone, "staging");
    }

    /** The evidence of {@code environment} for the clone's tree, from the note on the remote. */
    private static Evidence evidence(Path origin, Path clone, String environment) throws Exception {
        Path reader = clone(origin, "reader-" + System.nanoTime(), "staging");
        PromoteRepos.git(reader, "fetch", "-q", "origin", EvidenceStore.REF + ":" + EvidenceStore.REF);
        String note = PromoteRepos.git(reader, "notes", "--ref=hubdeploy", "show", PromoteRepos.tree(clone, "HEAD"));
        return EvidenceNote.parse(note, "test").find("a11y", environment).orElseThrow();
    }

    private PromoteRun engine(Path clone, Map<String, String> env) {
        return PromoteRepos.engine(clone, log, env, Clock.systemUTC());
    }

    private PromoteRun engine(ProcessRunner runner, Path clone, Map<String, String> env) {
        return PromoteRepos.engine(runner, clone, log, env, Clock.systemUTC());
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
        return env;
    }

    private static ProdDeployOptions prodOptions() {
        return new ProdDeployOptions(new DeployOptions("prod", false, false, DeployOptions.DEFAULT_TIMEOUT, null,
                StuckPolicy.FAIL, null), new SmokeRequest(hub.url(), "prod", "digest-pin-check", List.of("json"), null,
                120, null, null, null, null, null, null, null, null, null));
    }

    private static String build(String local, String content) throws Exception {
        Path file = Files.writeString(root.resolve("content-" + local + ".txt"), content);
        String container = run(buildah, "buildah", "from", "scratch").strip();
        run(buildah, "buildah", "copy", container, file.toString(), "/content.txt");
        run(buildah, "buildah", "commit", "-q", container, "localhost/digest-pin-test:" + local);
        run(buildah, "buildah", "rm", container);
        return "localhost/digest-pin-test:" + local;
    }

    /** Pushes a local image as {@code repository:tag}; returns the pushed manifest digest. */
    private static String push(String local, String repository, String tag) throws Exception {
        Path digest = root.resolve("digest");
        run(buildah, "buildah", "push", "--tls-verify=false", "--digestfile", digest.toString(), local,
                "docker://" + registry.image(repository).withTag(tag));
        return Files.readString(digest).strip();
    }

    private static void skopeo(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("skopeo"));
        argv.addAll(List.of(args));
        run(Map.of(), argv.toArray(String[]::new));
    }

    private static String run(Map<String, String> env, String... argv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
