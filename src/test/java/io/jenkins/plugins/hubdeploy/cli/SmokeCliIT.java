package io.jenkins.plugins.hubdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubInstall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy smoke} end to end: {@code java -jar target/hubdeploy.jar} in its own process against each
 * supported real JupyterHub ({@link JupyterHubInstall#supported()}) on loopback ports, the token in an environment
 * variable. Asserts exit codes 0/1/2/3, the JUnit and
 * JSON files, that the hub is clean afterwards, and that the token appears in no stdout, stderr or file.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.jenkins.plugins.hubdeploy.testing.JupyterHubInstall#supported")
class SmokeCliIT {
    private static JupyterHubFixture hub;

    @Parameter
    JupyterHubInstall install;

    @TempDir
    Path repo;

    @BeforeParameterizedClassInvocation
    static void startHub(JupyterHubInstall install) throws Exception {
        hub = JupyterHubFixture.start(install, JupyterHubFixture.Options.defaults());
    }

    @AfterParameterizedClassInvocation
    static void stopHub() {
        if (hub != null) {
            hub.stop();
            hub = null;
        }
    }

    @AfterEach
    void hubIsClean() throws Exception {
        assertThat(hub.usersWithServers()).isEmpty();
        assertThat(hub.userNames()).isEmpty();
    }

    @Test
    void passingRunExitsZeroAndWritesReports() throws Exception {
        Result run = smoke(Map.of("HUB_TOKEN", hub.token()), "--hub-url", hub.url(), "--token-env", "HUB_TOKEN",
                "--user", "cli-pass", "--import", "json", "--import", "os", "--junit", "out/smoke.xml", "--report",
                "out/smoke.json", "--json");

        assertThat(run.exit).as(run.stderr).isZero();
        JsonNode json = new ObjectMapper().readTree(run.stdout);
        assertThat(json.get("passed").asInt()).isEqualTo(7);
        assertThat(json.get("hubVersion").asText()).isEqualTo(install.version());
        assertThat(run.stderr).contains("spawn +").contains("PASS import / import json");
        assertThat(Files.readString(repo.resolve("out/smoke.xml"))).contains("<testcase classname=\"import\"");
        assertThat(Files.readString(repo.resolve("out/smoke.json"))).contains("\"checks\"");
    }

    @Test
    void failingImportExitsOne() throws Exception {
        Result run = smoke(Map.of("JUPYTERHUB_API_TOKEN", hub.token()), "--hub-url", hub.url(), "--user", "cli-fail",
                "--import", "no_such_module_cli", "--junit", "smoke.xml");

        assertThat(run.exit).as(run.stderr).isEqualTo(1);
        assertThat(run.stdout).contains("FAILED  import / import no_such_module_cli: ModuleNotFoundError");
        assertThat(run.stderr).contains("hubdeploy: smoke test of " + hub.url() + ": 1 of 6 checks failed"
                + " (details: smoke.xml)");
    }

    @Test
    void configurationEnvironmentGivesTheHubAndTheChecks() throws Exception {
        Files.writeString(repo.resolve("hubdeploy.yaml"), "name: clitest\n"
                + "environments:\n  staging: {namespace: clitest-staging, values: [], hubUrl: \"" + hub.url() + "\"}\n"
                + "chart: {path: jupyterhub/jupyterhub, version: \"3.0.0\"}\n"
                + "smoke: {user: cli-config, imports: [json], timeout: 60}\n");

        Result run = smoke(Map.of("JUPYTERHUB_API_TOKEN", hub.token()), "--env", "staging", "--json");

        assertThat(run.exit).as(run.stderr).isZero();
        assertThat(run.stdout).contains("\"name\" : \"import json\"").contains("\"name\" : \"cli-config\"");
    }

    @Test
    void wrongTokenAndDownHubExitThree() throws Exception {
        Result wrong = smoke(Map.of("JUPYTERHUB_API_TOKEN", "wrong-token-abcdef"), "--hub-url", hub.url());
        assertThat(wrong.exit).isEqualTo(3);
        assertThat(wrong.stderr).contains("rejected the API token");

        Result down = smoke(Map.of("JUPYTERHUB_API_TOKEN", hub.token()), "--hub-url",
                "http://127.0.0.1:" + JupyterHubFixture.freePort());
        assertThat(down.exit).isEqualTo(3);
        assertThat(down.stderr).contains("cannot reach the hub");
    }

    @Test
    void missingTokenIsUsageError() throws Exception {
        Result run = smoke(Map.of(), "--hub-url", hub.url(), "--token-env", "NO_SUCH_TOKEN_VARIABLE");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.stderr).contains("NO_SUCH_TOKEN_VARIABLE");
    }

    @Test
    void outOfRangeRetryOptionsAreUsageErrorsNamingTheRange() throws Exception {
        Result delay = smoke(Map.of("JUPYTERHUB_API_TOKEN", hub.token()), "--hub-url", hub.url(), "--retry-delay",
                "-5");
        Result attempts = smoke(Map.of("JUPYTERHUB_API_TOKEN", hub.token()), "--hub-url", hub.url(), "--attempts",
                "11");

        assertThat(delay.exit).as(delay.stderr).isEqualTo(2);
        assertThat(delay.stderr).contains("--retry-delay (step: retryDelay) must be between 0 and 3600 seconds"
                + " (got -5)").doesNotContain("at io.jenkins");
        assertThat(attempts.exit).as(attempts.stderr).isEqualTo(2);
        assertThat(attempts.stderr).contains("--attempts (step: attempts) must be between 1 and 10 (got 11)");
    }

    private Result smoke(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("hubdeploy.cli.jar", "target/hubdeploy.jar"));
        if (!Files.isRegularFile(jar)) {
            Components.unavailable(jar + " is missing: run mvn package first");
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "smoke", "-C", repo.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(repo.toFile());
        builder.environment().remove("JUPYTERHUB_API_TOKEN");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("smoke-stdout", ".txt");
        Path err = Files.createTempFile("smoke-stderr", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("hubdeploy smoke did not finish in 3 minutes");
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            StringBuilder files = new StringBuilder();
            try (var paths = Files.walk(repo)) {
                for (Path p : paths.filter(Files::isRegularFile).toList()) {
                    files.append(Files.readString(p));
                }
            }
            for (String secret : List.of(hub.token(), "wrong-token-abcdef")) {
                assertThat(result.stdout + result.stderr + files).as("token in an output").doesNotContain(secret);
            }
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }
}
