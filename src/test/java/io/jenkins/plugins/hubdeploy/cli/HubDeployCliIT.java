package io.jenkins.plugins.hubdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI end to end, as a user runs it: {@code java -jar target/hubdeploy.jar} in a separate process against a copy
 * of examples/datahub committed to a fresh git repository, a real docker-registry on a free loopback port and real
 * buildah (vfs storage, chroot isolation, private storage root). Nothing here is simulated.
 */
class HubDeployCliIT {
    private static final String PASSWORD = "s3cret-Registry-Pass";

    private static Path root;
    private static Map<String, String> buildahEnv;
    private static RegistryFixture registry;
    private static RegistryFixture protectedRegistry;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("hubdeploy-cli-it");
        buildahEnv = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
        protectedRegistry = RegistryFixture.start(root.resolve("registry-auth"),
                new RegistryFixture.Htpasswd("ci", PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (registry != null) {
                registry.stop();
            }
            if (protectedRegistry != null) {
                protectedRegistry.stop();
            }
        } finally {
            BuildahFixture.cleanup(root.resolve("storage"));
            deleteTree(root);
        }
    }

    @Test
    void buildPushesMissingImagesThenReusesThem() throws Exception {
        Path repo = exampleRepo("push-reuse", registry.hostPort());

        Result tags = cli(repo, Map.of(), "tags", "--json");
        assertThat(tags.exit).as(tags.stderr).isZero();
        List<String> tagList = tags.json().get("images").findValuesAsText("tag");
        assertThat(tagList).hasSize(2).allMatch(t -> t.matches("h[0-9a-f]{20}"));

        Result first = cli(repo, Map.of(), "build", "--push", "--json");
        assertThat(first.exit).as(first.stderr).isZero();
        JsonNode images = first.json().get("images");
        assertThat(images).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode image = images.get(i);
            assertThat(image.get("tag").asText()).isEqualTo(tagList.get(i));
            assertThat(image.get("built").asBoolean()).isTrue();
            assertThat(image.get("pushed").asBoolean()).isTrue();
            String reference = image.get("name").asText() + ":" + image.get("tag").asText();
            assertThat(image.get("digest").asText()).isEqualTo(BuildahFixture.skopeoDigest(reference, null));
        }

        Result again = cli(repo, Map.of(), "build", "--push", "--json");
        assertThat(again.exit).as(again.stderr).isZero();
        for (int i = 0; i < 2; i++) {
            JsonNode image = again.json().get("images").get(i);
            assertThat(image.get("built").asBoolean()).isFalse();
            assertThat(image.get("pushed").asBoolean()).isFalse();
            assertThat(image.get("digest").asText()).isEqualTo(images.get(i).get("digest").asText());
        }
        assertThat(again.stderr).contains("already in the registry");
    }

    @Test
    void pullRequestBuildNeverPushesAndForceNeverOverwrites() throws Exception {
        Path repo = exampleRepo("no-push", registry.hostPort());
        Files.writeString(repo.resolve("deployments/datahub/images/user-image/README.md"), "changed for this test\n");
        git(repo, "commit", "-qam", "change the user image");

        Result build = cli(repo, Map.of(), "build", "--json");
        assertThat(build.exit).as(build.stderr).isZero();
        JsonNode user = build.json().get("images").get(0);
        assertThat(user.get("built").asBoolean()).isTrue();
        assertThat(user.get("pushed").asBoolean()).isFalse();
        String reference = user.get("name").asText() + ":" + user.get("tag").asText();
        assertThat(cli(repo, Map.of(), "build", "--json").json().get("images").get(0).get("built").asBoolean())
                .as("still absent from the registry, so built again").isTrue();

        Result push = cli(repo, Map.of(), "build", "--push", "--json");
        assertThat(push.exit).as(push.stderr).isZero();
        String digest = BuildahFixture.skopeoDigest(reference, null);

        Result forced = cli(repo, Map.of(), "build", "--push", "--force", "--no-cache", "--json");
        assertThat(forced.exit).as(forced.stderr).isZero();
        JsonNode forcedUser = forced.json().get("images").get(0);
        assertThat(forcedUser.get("built").asBoolean()).isTrue();
        assertThat(forcedUser.get("pushed").asBoolean()).isFalse();
        assertThat(forced.stderr).contains("never overwrites");
        assertThat(BuildahFixture.skopeoDigest(reference, null)).isEqualTo(digest);
    }

    @Test
    void pushesToAPasswordProtectedRegistryWithoutShowingThePassword() throws Exception {
        Path repo = exampleRepo("auth", protectedRegistry.hostPort());
        Result push = cli(repo, Map.of("HUB_REGISTRY_PASSWORD", PASSWORD), "build", "--push", "--json",
                "--registry-user", "ci", "--registry-password-env", "HUB_REGISTRY_PASSWORD");
        assertThat(push.exit).as(push.stderr).isZero();
        assertThat(push.json().get("images").findValuesAsText("pushed")).containsOnly("true");
        assertThat(push.stdout + push.stderr).doesNotContain(PASSWORD);

        Result anonymous = cli(repo, Map.of(), "build", "--json");
        assertThat(anonymous.exit).isEqualTo(3);
        assertThat(anonymous.stderr).contains(protectedRegistry.hostPort()).doesNotContain("Exception:");
    }

    @Test
    void unreachableRegistryIsAnEnvironmentProblemNamingIt() throws Exception {
        Path repo = exampleRepo("unreachable", "127.0.0.1:9");
        Result build = cli(repo, Map.of(), "build", "--push");
        assertThat(build.exit).isEqualTo(3);
        assertThat(build.stderr).contains("127.0.0.1:9").doesNotContain("\tat ");
    }

    @Test
    void failingDockerfileIsAFailedVerdictWithTheBuildersOutput() throws Exception {
        Path repo = exampleRepo("failing", registry.hostPort());
        Path dockerfile = repo.resolve("deployments/datahub/images/tools-image/Dockerfile");
        Files.writeString(dockerfile, "FROM scratch\nCOPY no-such-file-in-context /x\n");
        git(repo, "commit", "-qam", "break the tools image");
        Result build = cli(repo, Map.of(), "build", "--push");
        assertThat(build.exit).as(build.stderr).isEqualTo(1);
        assertThat(build.stderr).contains("no-such-file-in-context").doesNotContain("\tat ");
    }

    @Test
    void missingBuilderIsAnEnvironmentProblemSayingHowToGetIt() throws Exception {
        Path repo = exampleRepo("no-builder", registry.hostPort());
        Files.writeString(repo.resolve("deployments/datahub/images/user-image/README.md"), "force a build\n");
        Result build = cli(repo, Map.of("HUBDEPLOY_BUILDAH", "/nonexistent/buildah"), "build", "--builder", "buildah");
        assertThat(build.exit).isEqualTo(3);
        assertThat(build.stderr).contains("buildah").contains("apt-get install");
    }

    @Test
    void invalidConfigurationIsExit2WithFileLineAndField() throws Exception {
        Path repo = exampleRepo("invalid", registry.hostPort());
        Path config = repo.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(config, Files.readString(config).replace("    context: images/tools-image",
                "    contxt: images/tools-image"));
        Result tags = cli(repo, Map.of(), "tags");
        assertThat(tags.exit).isEqualTo(2);
        assertThat(tags.stderr).contains("deployments/datahub/hubdeploy.yaml").contains("line ")
                .contains("contxt").contains("context").doesNotContain("\tat ");

        Result usage = cli(repo, Map.of(), "build", "--no-such-option");
        assertThat(usage.exit).isEqualTo(2);
    }

    private static Path exampleRepo(String name, String registryHost) throws IOException, InterruptedException {
        return ExampleRepo.datahub(root.resolve("repos").resolve(name), registryHost, name);
    }

    private static void git(Path repo, String... args) throws IOException, InterruptedException {
        ExampleRepo.git(repo, args);
    }

    private static Result cli(Path repo, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("hubdeploy.cli.jar", "target/hubdeploy.jar"));
        if (!Files.isRegularFile(jar)) {
            Components.unavailable(jar + " is missing: run mvn package first");
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), args[0], "-C", repo.toString()));
        argv.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = new HashMap<>(buildahEnv);
        env.putAll(extraEnv);
        builder.environment().putAll(env);
        Path out = Files.createTempFile(root, "stdout", ".txt");
        Path err = Files.createTempFile(root, "stderr", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("hubdeploy " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exit, String stdout, String stderr) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(stdout);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
