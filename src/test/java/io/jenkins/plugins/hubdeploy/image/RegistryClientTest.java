package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.context;
import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The registry client against a real Debian registry, open and htpasswd-protected (Basic challenge), with images
 * pushed by buildah; skopeo is the independent witness of each digest.
 */
class RegistryClientTest {
    private static final String PASSWORD = "reg-pw:with-colon-7";
    private static final RegistryFixture.Htpasswd USER = new RegistryFixture.Htpasswd("reader", PASSWORD);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Path root;
    private static RegistryFixture open;
    private static RegistryFixture secured;
    private static ImageName openName;
    private static ImageName securedName;
    private static String openDigest;
    private static String securedDigest;

    @BeforeAll
    static void pushImages() throws Exception {
        root = Files.createTempDirectory("hubdeploy-registry-test");
        Map<String, String> env = BuildahFixture.env(root.resolve("storage"));
        open = RegistryFixture.start(root.resolve("registry-open"));
        secured = RegistryFixture.start(root.resolve("registry-auth"), USER);
        Path repo = Files.createDirectories(root.resolve("ws/repo"));
        Path file = Files.writeString(root.resolve("f.txt"), "registry client test\n");
        ImageSpec spec = context(repo, "img", "FROM scratch\nCOPY f.txt /\n", Map.of("f.txt", file));
        CollectingLog log = new CollectingLog();
        BuildahBuilder builder = new BuildahBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), env, log);
        openName = open.image("team/app");
        securedName = secured.image("team/app");
        openDigest = builder.build(request(spec, openName, "v1", true, null)).digest();
        securedDigest = builder.build(request(spec, securedName, "v1", true,
                new RegistryCredentials(USER.username(), PASSWORD))).digest();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (open != null) {
                open.stop();
            }
            if (secured != null) {
                secured.stop();
            }
        } finally {
            BuildahFixture.cleanup(root);
        }
    }

    private static Map<String, String> homeOnly(Path home) {
        return Map.of("HOME", home.toString());
    }

    private static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static String basicAuth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void existingTagHasTheDigestSkopeoSees() throws Exception {
        RegistryClient client = new RegistryClient(null, false, TIMEOUT);

        assertThat(client.manifestDigest(openName, "v1")).contains(openDigest);
        assertThat(BuildahFixture.skopeoDigest(openName.withTag("v1"), null)).isEqualTo(openDigest);
    }

    @Test
    void missingTagAndMissingRepositoryAreAbsent() throws Exception {
        RegistryClient client = new RegistryClient(null, false, TIMEOUT);

        assertThat(client.manifestDigest(openName, "v2")).isEmpty();
        assertThat(client.manifestDigest(open.image("team/never-pushed"), "v1")).isEmpty();
    }

    @Test
    void localhostNameIsLoopbackTooAndSpokenToOverPlainHttp() throws Exception {
        ImageName viaLocalhost = ImageName.parse("localhost:" + open.port() + "/team/app");

        assertThat(new RegistryClient(null, false, TIMEOUT).manifestDigest(viaLocalhost, "v1")).contains(openDigest);
    }

    @Test
    void protectedRegistryWithPassedCredentials() throws Exception {
        RegistryClient client = new RegistryClient(new RegistryCredentials(USER.username(), PASSWORD), false, TIMEOUT);

        assertThat(client.manifestDigest(securedName, "v1")).contains(securedDigest);
        assertThat(client.manifestDigest(securedName, "nope")).isEmpty();
    }

    @Test
    void protectedRegistryWithCredentialsFromRegistryAuthFile() throws Exception {
        Path authFile = write(root.resolve("cfg1/auth.json"),
                DockerConfig.authFileJson(secured.hostPort(), new RegistryCredentials(USER.username(), PASSWORD)));
        ManifestLookupTask task = new ManifestLookupTask(securedName, "v1", false, null,
                Map.of("REGISTRY_AUTH_FILE", authFile.toString(), "HOME", root.resolve("empty-home").toString()));

        ManifestStatus status = new LocalAgent(root).run(task);

        assertThat(status.exists()).isTrue();
        assertThat(status.digest()).isEqualTo(securedDigest);
        assertThat(status.reference()).isEqualTo(securedName.withTag("v1"));
    }

    @Test
    void protectedRegistryWithCredentialsFromDockerConfigDirUnderAnHttpsKey() throws Exception {
        Path dir = root.resolve("cfg2/docker");
        write(dir.resolve("config.json"), "{\"auths\":{\"https://" + secured.hostPort() + "\":{\"auth\":\""
                + basicAuth(USER.username(), PASSWORD) + "\"}}}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", dir.toString(), "HOME", root.resolve("empty-home").toString());

        assertThat(RegistryClient.forRegistry(secured.hostPort(), null, false, TIMEOUT, env)
                .manifestDigest(securedName, "v1")).contains(securedDigest);
    }

    @Test
    void protectedRegistryWithUsernameAndPasswordFieldsInHomeDockerConfig() throws Exception {
        Path home = root.resolve("home3");
        write(home.resolve(".docker/config.json"), "{\"auths\":{\"" + secured.hostPort() + "\":{\"username\":\""
                + USER.username() + "\",\"password\":\"" + PASSWORD + "\"}}}");

        ManifestStatus status = new LocalAgent(root).run(
                new ManifestLookupTask(securedName, "v1", false, null, homeOnly(home)));

        assertThat(status.optionalDigest()).contains(securedDigest);
    }

    @Test
    void protectedRegistryWithCredentialsFromXdgRuntimeAuthJson() throws Exception {
        Path runtime = root.resolve("run4");
        write(runtime.resolve("containers/auth.json"),
                DockerConfig.authFileJson(secured.hostPort(), new RegistryCredentials(USER.username(), PASSWORD)));
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString(), "HOME", root.resolve("empty-home").toString());

        assertThat(new LocalAgent(root).run(new ManifestLookupTask(securedName, "v1", false, null, env)).digest())
                .isEqualTo(securedDigest);
    }

    @Test
    void wrongPasswordIsExitThreeNamingTheRegistryAndNeverThePassword() throws Exception {
        String wrong = "wrong-" + PASSWORD;
        RegistryClient client = new RegistryClient(new RegistryCredentials(USER.username(), wrong), false, TIMEOUT);

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> client.manifestDigest(securedName, "v1"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("registry " + secured.hostPort() + " refused access to team/app")
                .contains("401").contains("user 'reader' passed to the step").contains("buildah login")
                .doesNotContain(wrong).doesNotContain(basicAuth(USER.username(), wrong));
    }

    @Test
    void noCredentialsIsExitThreeSayingWhereItLooked() throws Exception {
        Path home = Files.createDirectories(root.resolve("home5"));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new LocalAgent(root)
                .run(new ManifestLookupTask(securedName, "v1", false, null, homeOnly(home))));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("registry " + secured.hostPort())
                .contains("requires a username and password").contains("no credentials (no auth file exists)");
    }

    @Test
    void configuredCredentialHelperIsNamedAsNotRun() throws Exception {
        Path home = root.resolve("home6");
        write(home.resolve(".docker/config.json"), "{\"auths\":{\"" + secured.hostPort() + "\":{}},"
                + "\"credHelpers\":{\"" + secured.hostPort() + "\":\"ecr-login\"}}");

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> new LocalAgent(root)
                .run(new ManifestLookupTask(securedName, "v1", false, null, homeOnly(home))));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("docker-credential-ecr-login")
                .contains("does not run credential helpers");
    }

    @Test
    void lookupTaskSurvivesSerializationAsItDoesOnTheWayToAJenkinsAgent() throws Exception {
        ManifestLookupTask task = new ManifestLookupTask(securedName, "v1", false,
                new RegistryCredentials(USER.username(), PASSWORD), Map.of("HOME", root.toString()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(task);
        }
        ManifestLookupTask copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ManifestLookupTask) in.readObject();
        }

        assertThat(copy).isEqualTo(task);
        assertThat(copy.toString()).doesNotContain(PASSWORD);
        assertThat(new LocalAgent(root).run(copy).digest()).isEqualTo(securedDigest);
    }
}
