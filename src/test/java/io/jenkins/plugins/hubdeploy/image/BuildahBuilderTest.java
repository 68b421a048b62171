package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.RecordingRunner;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.context;
import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** buildah against a real loopback registry (open and htpasswd-protected), with a private vfs storage. */
class BuildahBuilderTest {
    private static final String PASSWORD = "pw-Zq8!never-print-me";
    private static final RegistryFixture.Htpasswd USER = new RegistryFixture.Htpasswd("ci-user", PASSWORD);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Path root;
    private static Path repo;
    private static Map<String, String> env;
    private static RegistryFixture open;
    private static RegistryFixture protectedRegistry;
    private static Path busybox;
    private static String baseReference;

    @BeforeAll
    static void startComponents() throws Exception {
        root = Files.createTempDirectory("hubdeploy-buildah-test");
        env = BuildahFixture.env(root.resolve("storage"));
        busybox = Components.requireFile(Path.of("/bin/busybox"), "apt-get install -y busybox-static");
        open = RegistryFixture.start(root.resolve("registry-open"));
        protectedRegistry = RegistryFixture.start(root.resolve("registry-auth"), USER);
        repo = root.resolve("ws").resolve("repo");
        Files.createDirectories(repo);
    }

    @AfterAll
    static void stopComponents() throws Exception {
        try {
            if (open != null) {
                open.stop();
            }
            if (protectedRegistry != null) {
                protectedRegistry.stop();
            }
        } finally {
            if (root != null) {
                BuildahFixture.cleanup(root);
            }
        }
    }

    private static BuildahBuilder builder(CollectingLog log) {
        return new BuildahBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), env, log);
    }

    /** A base image with a static busybox as /bin/busybox and /bin/sh, pushed once: what RUN needs. */
    private static synchronized String base() throws Exception {
        if (baseReference == null) {
            ImageSpec spec = context(repo, "base", "FROM scratch\nCOPY busybox /bin/busybox\nCOPY busybox /bin/sh\n",
                    Map.of("busybox", busybox));
            BuiltImage built = builder(new CollectingLog()).build(request(spec, open.image("test/base"), "v1", true, null));
            baseReference = built.reference();
        }
        return baseReference;
    }

    @Test
    void buildsFromScratchPushesAndReportsTheDigestTheRegistryHas() throws Exception {
        Path hello = Files.writeString(root.resolve("hello.txt"), "hello from a test\n");
        ImageSpec spec = context(repo, "scratch-copy", "FROM scratch\nCOPY hello.txt /hello.txt\n",
                Map.of("hello.txt", hello));
        ImageName name = open.image("test/scratch-copy");
        CollectingLog log = new CollectingLog();

        long start = System.nanoTime();
        BuiltImage built = builder(log).build(request(spec, name, "abc123", true, null));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(built.pushed()).isTrue();
        assertThat(built.reference()).isEqualTo(open.hostPort() + "/test/scratch-copy:abc123");
        assertThat(built.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(name, "abc123")).contains(built.digest());
        assertThat(BuildahFixture.skopeoDigest(built.reference(), null)).isEqualTo(built.digest());
        assertThat(log.text()).contains("COPY hello.txt /hello.txt").contains("pushed " + built.reference());
        assertThat(repo.resolveSibling("repo@tmp")).doesNotExist();
        System.out.println("buildah build+push FROM scratch + COPY: " + millis + " ms");
    }

    @Test
    void runsARunInstructionWithBuildArgsOnABusyboxBase() throws Exception {
        ImageSpec spec = context(repo, "with-run", "FROM " + base() + "\nARG GREETING\n"
                + "RUN test \"$GREETING\" = hello-arg && echo \"$GREETING\" > /greeting\n", Map.of());
        spec = new ImageSpec(spec.name(), spec.context(), spec.dockerfile(), spec.valuesPath(),
                Map.of("GREETING", "hello-arg"), null);
        ImageName name = open.image("test/with-run");
        CollectingLog log = new CollectingLog();

        BuiltImage built = builder(log).build(request(spec, name, "run1", true, null));

        assertThat(built.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(name, "run1")).contains(built.digest());
        assertThat(log.text()).contains("--build-arg GREETING=hello-arg");
    }

    @Test
    void buildWithoutPushLeavesTheRegistryWithoutTheTag() throws Exception {
        Path file = Files.writeString(root.resolve("nopush.txt"), "not pushed\n");
        ImageSpec spec = context(repo, "no-push", "FROM scratch\nCOPY nopush.txt /\n", Map.of("nopush.txt", file));
        ImageName name = open.image("test/no-push");

        BuiltImage built = builder(new CollectingLog()).build(request(spec, name, "local", false, null));

        assertThat(built.pushed()).isFalse();
        assertThat(built.digest()).isNull();
        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(name, "local")).isEmpty();
    }

    @Test
    void failingRunIsExitOneWithTheTailOfTheOutput() throws Exception {
        ImageSpec spec = context(repo, "failing", "FROM " + base() + "\n"
                + "RUN echo marker-before-failure && false\n", Map.of());

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> builder(new CollectingLog()).build(request(spec, open.image("test/failing"), "x", true, null)));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("buildah build of " + open.hostPort() + "/test/failing:x failed")
                .contains("Last 20 lines").contains("marker-before-failure");
        assertThat(e.getMessage().split("\n").length).isLessThanOrEqualTo(21);
        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(open.image("test/failing"), "x")).isEmpty();
        assertThat(repo.resolveSibling("repo@tmp")).doesNotExist();
    }

    @Test
    void missingBuildahIsExitThreeNamingItAndHowToGetIt() throws Exception {
        CollectingLog log = new CollectingLog();
        BuildahBuilder missing = new BuildahBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), env, log,
                "/nonexistent/bin/buildah");
        ImageSpec spec = context(repo, "never-built", "FROM scratch\n", Map.of());

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> missing.build(request(spec, open.image("test/never"), "x", false, null)));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("/nonexistent/bin/buildah").contains("apt-get install buildah");
        assertThat(repo.resolveSibling("repo@tmp")).doesNotExist();
    }

    @Test
    void pushesToAProtectedRegistryWithPassedCredentialsAndNeverShowsThePassword() throws Exception {
        Path file = Files.writeString(root.resolve("secret-test.txt"), "auth push\n");
        ImageSpec spec = context(repo, "auth-push", "FROM scratch\nCOPY secret-test.txt /\n",
                Map.of("secret-test.txt", file));
        ImageName name = protectedRegistry.image("team/auth-push");
        RegistryCredentials creds = new RegistryCredentials(USER.username(), PASSWORD);
        CollectingLog log = new CollectingLog();
        RecordingRunner runner = new RecordingRunner(new LocalProcessRunner(repo, log));

        BuiltImage built = new BuildahBuilder(runner, new LocalAgent(repo), env, log)
                .build(request(spec, name, "t1", true, creds));

        assertThat(new RegistryClient(creds, false, TIMEOUT).manifestDigest(name, "t1")).contains(built.digest());
        Path witnessAuth = Files.writeString(root.resolve("witness-auth.json"),
                DockerConfig.authFileJson(protectedRegistry.hostPort(), creds));
        assertThat(BuildahFixture.skopeoDigest(built.reference(), witnessAuth)).isEqualTo(built.digest());
        // the secret reached the tool only through the temporary auth file
        assertThat(runner.specs).isNotEmpty();
        assertThat(runner.specs).allSatisfy(s -> assertThat(s.env()).containsKey("REGISTRY_AUTH_FILE"));
        assertThat(runner.everything()).noneMatch(value -> value.contains(PASSWORD));
        assertThat(log.lines).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
        assertThat(log.secrets).contains(PASSWORD);
        assertThat(Path.of(runner.specs.get(0).env().get("REGISTRY_AUTH_FILE"))).doesNotExist();
        assertThat(repo.resolveSibling("repo@tmp")).doesNotExist();
    }

    @Test
    void pushWithAWrongPasswordIsExitThreeNamingTheRegistry() throws Exception {
        Path file = Files.writeString(root.resolve("wrong.txt"), "wrong password\n");
        ImageSpec spec = context(repo, "wrong-pass", "FROM scratch\nCOPY wrong.txt /\n", Map.of("wrong.txt", file));
        String wrong = "not-the-password-42";
        CollectingLog log = new CollectingLog();

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> builder(log).build(request(spec,
                protectedRegistry.image("team/wrong"), "t1", true, new RegistryCredentials(USER.username(), wrong))));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("push of " + protectedRegistry.hostPort() + "/team/wrong:t1")
                .contains("registry " + protectedRegistry.hostPort()).doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(log.lines).noneMatch(line -> line.contains(wrong));
    }

    @Test
    void pushesWithTheBuildersOwnAuthFileWhenNoCredentialsArePassed() throws Exception {
        Path authFile = Files.writeString(root.resolve("own-auth.json"), DockerConfig.authFileJson(
                protectedRegistry.hostPort(), new RegistryCredentials(USER.username(), PASSWORD)));
        Map<String, String> ownEnv = new HashMap<>(env);
        ownEnv.put("REGISTRY_AUTH_FILE", authFile.toString());
        Path file = Files.writeString(root.resolve("own.txt"), "own auth file\n");
        ImageSpec spec = context(repo, "own-auth", "FROM scratch\nCOPY own.txt /\n", Map.of("own.txt", file));
        ImageName name = protectedRegistry.image("team/own-auth");
        CollectingLog log = new CollectingLog();

        BuiltImage built = new BuildahBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), ownEnv, log)
                .build(request(spec, name, "t1", true, null));

        ManifestStatus status = new LocalAgent(repo).run(new ManifestLookupTask(name, "t1", false, null, ownEnv));
        assertThat(status.exists()).isTrue();
        assertThat(status.digest()).isEqualTo(built.digest());
    }
}
