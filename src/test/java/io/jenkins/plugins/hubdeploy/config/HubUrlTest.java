package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One hub URL rule for the configuration, the CLI, the step and the step's form. */
class HubUrlTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "https://staging.datahub.example.org|null",
            "http://127.0.0.1:8000/hub/|null",
            "http://[::1]:8000|null",
            "HTTPS://hub.example.org|is not an http(s) URL",
            "ftp://hub.example.org|is not an http(s) URL",
            "hub.example.org|is not an http(s) URL",
            "https://exa mple.org|is not a URL",
            "https:///path|has no host",
            "https://user:pw@hub.example.org|must not carry credentials",
            "https://hub.example.org/?token=x|must not carry a query or a fragment",
            "https://hub.example.org/#x|must not carry a query or a fragment",
            "'  '|is empty"})
    void problems(String url, String expected) {
        assertThat(HubUrl.problem(url)).isEqualTo(expected);
    }

    @Test
    void aRefusedUrlIsQuotedOnlyWhenItCannotHoldASecret() {
        assertThatThrownBy(() -> HubUrl.check("ftp://hub.example.org")).isInstanceOfSatisfying(
                HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageStartingWith("hub URL 'ftp://hub.example.org' is not an http(s) URL; expected");
        assertThatThrownBy(() -> HubUrl.check("https://admin:pw-4711@hub.example.org"))
                .hasMessageStartingWith("hub URL must not carry credentials;")
                .hasMessageNotContaining("pw-4711").hasMessageContaining("credentialsId");
        assertThatThrownBy(() -> HubUrl.check("https://hub.example.org/hub/api?token=tok-4711"))
                .hasMessageNotContaining("tok-4711");
    }

    @Test
    void aSmokeRunRefusesWhatTheRuleRefuses() {
        SmokeRequest request = new SmokeRequest("https://admin:pw-4711@hub.example.org", null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> SmokeRun.resolve(request, () -> {
            throw new AssertionError("a hub URL alone reads no configuration");
        })).hasMessageStartingWith("hub URL must not carry credentials").hasMessageNotContaining("pw-4711");
    }

    @Test
    void namesFollowTheLoader() {
        assertThat(NameRules.isEnvironmentName("staging")).isTrue();
        assertThat(NameRules.isEnvironmentName("prod-eu-1")).isTrue();
        assertThat(NameRules.isEnvironmentName("a".repeat(30))).isTrue();
        assertThat(NameRules.isEnvironmentName("a".repeat(31))).isFalse();
        assertThat(NameRules.isEnvironmentName("-staging")).isFalse();
        assertThat(NameRules.isEnvironmentName("Staging")).isFalse();
        assertThatThrownBy(() -> NameRules.checkEnvironment("stag ing")).hasMessageStartingWith(
                "'stag ing' is not a usable environment name");
        assertThatThrownBy(() -> NameRules.checkDeployment("a/b")).hasMessageStartingWith(
                "Deployment name 'a/b' is not a name");
    }
}
