package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The smoke request's resolution shared by the CLI and the step: when the configuration is read, limits, options. */
class SmokeRunResolveTest {
    private static final SmokeRun.ConfigSource NO_CONFIG = () -> {
        throw new AssertionError("the configuration must not be read");
    };

    @TempDir
    Path repo;

    @Test
    void hubUrlAloneNeverReadsTheConfiguration() throws Exception {
        SmokeOptions options = SmokeRun.resolve(request("https://hub.example.org/", null, null, null, null),
                NO_CONFIG);

        assertThat(options.hubUrl()).isEqualTo("https://hub.example.org");
        assertThat(options.user()).isEqualTo(SmokeOptions.DEFAULT_USER);
        assertThat(options.attempts()).isEqualTo(1);
        assertThat(options.retryDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutHubUrlOrEnvTheStagingEnvironmentOfTheConfigurationIsUsed() throws Exception {
        writeConfig();
        AtomicInteger loads = new AtomicInteger();

        SmokeOptions options = SmokeRun.resolve(request(null, null, null, null, null), () -> {
            loads.incrementAndGet();
            return ConfigLoader.load(repo, null);
        });

        assertThat(loads).hasValue(1);
        assertThat(options.hubUrl()).isEqualTo("https://staging.example.org");
        assertThat(options.user()).isEqualTo("cfg-user");
        assertThat(options.imports()).containsExactly("json");
    }

    @Test
    void namedEnvironmentReadsTheConfigurationEvenWithAHubUrl() throws Exception {
        writeConfig();

        SmokeOptions prod = SmokeRun.resolve(request(null, "prod", null, null, null), () -> ConfigLoader.load(repo,
                null));
        SmokeOptions given = SmokeRun.resolve(request("http://127.0.0.1:1", "prod", null, null, null),
                () -> ConfigLoader.load(repo, null));

        assertThat(prod.hubUrl()).isEqualTo("https://prod.example.org");
        assertThat(given.hubUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(given.imports()).as("the smoke: section applies").containsExactly("json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|30|1|--attempts (step: attempts) must be between 1 and 10 (got 0)",
            "11|30|1|--attempts (step: attempts) must be between 1 and 10 (got 11)",
            "1|-1|1|--retry-delay (step: retryDelay) must be between 0 and 3600 seconds (got -1)",
            "1|3601|1|--retry-delay (step: retryDelay) must be between 0 and 3600 seconds (got 3601)",
            "1|30|0|--users (step: users) must be between 1 and 100 (got 0)",
            "1|30|101|--users (step: users) must be between 1 and 100 (got 101)"})
    void outOfRangeRetriesAndUsersAreUsageErrorsNamingOptionAndRange(int attempts, int retryDelay, int users,
                                                                    String message) {
        assertThatThrownBy(() -> SmokeRun.resolve(request("https://hub.example.org", null, attempts, retryDelay,
                users), NO_CONFIG)).isInstanceOfSatisfying(HubDeployException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessage(message);
    }

    @Test
    void limitsThemselvesAreAllowed() throws Exception {
        SmokeOptions upper = SmokeRun.resolve(request("https://hub.example.org", null, 10, 3600, 100), NO_CONFIG);
        SmokeOptions lower = SmokeRun.resolve(request("https://hub.example.org", null, 1, 0, 1), NO_CONFIG);

        assertThat(upper.attempts()).isEqualTo(10);
        assertThat(upper.retryDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(upper.users()).isEqualTo(100);
        assertThat(lower.retryDelay()).isZero();
    }

    @Test
    void zeroTimeoutNamesTheOption() {
        SmokeRequest request = new SmokeRequest("https://hub.example.org", null, null, null, null, 0, null, null,
                null, null, null, null, null, null, null);

        assertThatThrownBy(() -> SmokeRun.resolve(request, NO_CONFIG)).isInstanceOf(HubDeployException.class)
                .hasMessageStartingWith("--timeout (step: timeout; config: smoke.timeout) must be at least 1 second");
    }

    @Test
    void userOptionsFromTheCliAndTheStepBecomeTheSameJsonObject() throws Exception {
        assertThat(SmokeRequest.userOptionsFromJson("{ \"profile\" : \"small\", \"cpu\": 2 }"))
                .isEqualTo("{\"profile\":\"small\",\"cpu\":2}");
        assertThat(SmokeRequest.userOptionsFromMap(Map.of("profile", "small")))
                .isEqualTo(SmokeRequest.userOptionsFromJson("{\"profile\": \"small\"}"));
        assertThat(SmokeRequest.userOptionsFromJson(null)).isNull();
        assertThat(SmokeRequest.userOptionsFromMap(null)).isNull();
        assertThat(SmokeRequest.userOptionsFromMap(Map.of())).isNull();
    }

    @Test
    void userOptionsThatAreNoJsonObjectAreUsageErrors() {
        for (String json : List.of("[1, 2]", "\"small\"", "{profile: small", "")) {
            assertThatThrownBy(() -> SmokeRequest.userOptionsFromJson(json)).as(json)
                    .isInstanceOfSatisfying(HubDeployException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("--user-options").hasMessageContaining("{\"profile\": \"small\"}");
        }
        assertThatThrownBy(() -> SmokeRequest.userOptionsFromMap(Map.of("profile", new Object())))
                .isInstanceOf(HubDeployException.class).hasMessageContaining("step: userOptions");
    }

    /** Issue 7, item 13: runHubSmokeTests(deployment: 'x', hubUrl: ...) runs x's smoke: checks. */
    @Test
    void aNamedDeploymentsChecksApplyWhateverTheHubUrlsSource() throws Exception {
        writeConfig();
        CollectingLog log = new CollectingLog();

        SmokeOptions named = SmokeRun.resolve(request("http://127.0.0.1:1", null, null, null, null), "resolvetest", null,
                () -> ConfigLoader.load(repo, "resolvetest"), log);

        assertThat(named.hubUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(named.imports()).containsExactly("json");
        assertThat(named.user()).isEqualTo("cfg-user");
        assertThat(log.text()).contains("smoke: checks from");
    }

    @Test
    void whatHasNoEffectIsSaidInTheLog() throws Exception {
        writeConfig();
        CollectingLog unread = new CollectingLog();
        CollectingLog envOnly = new CollectingLog();

        SmokeRun.resolve(request("https://hub.example.org", null, null, null, null), null, "repo", NO_CONFIG, unread);
        SmokeRun.resolve(request("https://hub.example.org", "prod", null, null, null), null, null,
                () -> ConfigLoader.load(repo, null), envOnly);

        assertThat(unread.text()).contains("configuration is not read").contains("'repo' has no effect");
        assertThat(envOnly.text()).contains("environment 'prod' only selects the configuration; its hubUrl is not used");
    }

    private static SmokeRequest request(String hubUrl, String env, Integer attempts, Integer retryDelay,
                                        Integer users) {
        return new SmokeRequest(hubUrl, env, null, null, null, null, null, attempts, retryDelay, users, null, null,
                null, null, null);
    }

    private void writeConfig() throws Exception {
        Files.writeString(repo.resolve("hubdeploy.yaml"), "name: resolvetest\n"
                + "environments:\n"
                + "  staging: {namespace: t-staging, values: [], hubUrl: \"https://staging.example.org\"}\n"
                + "  prod: {namespace: t-prod, values: [], hubUrl: \"https://prod.example.org\"}\n"
                + "chart: {path: jupyterhub/jupyterhub, version: \"3.0.0\"}\n"
                + "smoke: {user: cfg-user, imports: [json], timeout: 60}\n");
    }
}
