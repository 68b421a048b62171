package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.FormValidation;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.JOB;
import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runHubSmokeTests form's endpoints, called the way Stapler calls them; the form agrees with a run. */
class RunHubSmokeTestsStepFormTest {
    private final RunHubSmokeTestsStep.DescriptorImpl descriptor =
            new RunHubSmokeTestsStep.DescriptorImpl(FakeFormContext.reader());

    @Test
    void theHubTokenIsASecretTextCredential() {
        FakeFormContext context = FakeFormContext.jobConfigurer()
                .with(StringCredentials.class, "staging-hub-token")
                .with(StandardUsernamePasswordCredentials.class, "registry-push");
        var withPermission = new RunHubSmokeTestsStep.DescriptorImpl(context);

        assertThat(values(withPermission.doFillCredentialsIdItems(JOB, null))).containsExactly("", "staging-hub-token");
        assertThat(withPermission.doCheckCredentialsId(JOB, "staging-hub-token").kind)
                .isEqualTo(FormValidation.Kind.OK);
        FormValidation wrongType = withPermission.doCheckCredentialsId(JOB, "registry-push");
        assertThat(wrongType.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(wrongType.getMessage()).contains("'Secret text'");
    }

    @Test
    void aReaderLearnsNothingAboutTheTokens() {
        FakeFormContext reader = FakeFormContext.reader().with(StringCredentials.class, "staging-hub-token");
        var denied = new RunHubSmokeTestsStep.DescriptorImpl(reader);

        assertThat(values(denied.doFillCredentialsIdItems(JOB, ""))).isEmpty();
        assertThat(values(denied.doFillCredentialsIdItems(null, "typed"))).containsExactly("typed");
        assertThat(denied.doCheckCredentialsId(JOB, "guess").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(reader.lookups).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://staging.datahub.example.org|OK",
            "http://127.0.0.1:8000/hub/|OK",
            "''|OK",
            "ftp://hub.example.org|ERROR",
            "staging.datahub.example.org|ERROR",
            "https://|ERROR",
            "https://hub.example.org/#frag|ERROR",
            "javascript:alert(1)|ERROR"})
    void hubUrlMustBeHttpOrHttpsWithAHost(String url, FormValidation.Kind expected) {
        assertThat(descriptor.doCheckHubUrl(url).kind).as(url).isEqualTo(expected);
    }

    @Test
    void aHubUrlCarryingASecretIsRefusedWithoutRepeatingIt() {
        FormValidation userInfo = descriptor.doCheckHubUrl("https://admin:s3cr3t-pw@hub.example.org");
        FormValidation query = descriptor.doCheckHubUrl("https://hub.example.org/hub?token=tok-98765");

        assertThat(userInfo.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(userInfo.getMessage()).contains("must not carry credentials", "credentialsId")
                .doesNotContain("s3cr3t-pw", "admin");
        assertThat(query.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(query.getMessage()).doesNotContain("tok-98765");
    }

    @Test
    void checkingAHubUrlNeverContactsIt() throws Exception {
        try (ServerSocket hub = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + hub.getLocalPort() + "/";

            assertThat(descriptor.doCheckHubUrl(url).kind).isEqualTo(FormValidation.Kind.OK);

            hub.setSoTimeout(300);
            assertThatThrownBy(hub::accept).as("no connection from the form check")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void nameFieldsFollowTheCoreRules() {
        assertThat(descriptor.doCheckUser("deployment-service-check").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckUser("Bob Smith").getMessage()).contains("not a safe JupyterHub user name");
        assertThat(descriptor.doCheckEnv("prod").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckEnv("prod_1").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckDeployment("datahub").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckDeployment("..").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    /** field | value | what the form says: every number field, at and beyond its limits, and not a number. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "attempts|1|OK", "attempts|10|OK", "attempts|0|ERROR", "attempts|11|ERROR",
            "retryDelay|0|OK", "retryDelay|3600|OK", "retryDelay|-1|ERROR", "retryDelay|3601|ERROR",
            "users|1|OK", "users|100|OK", "users|0|ERROR", "users|101|ERROR",
            "timeout|1|OK", "timeout|0|ERROR", "spawnTimeout|600|OK", "spawnTimeout|-3|ERROR"})
    void numberChecksAgreeWithWhatARunAccepts(String field, int value, FormValidation.Kind expected)
            throws Exception {
        FormValidation form = numberCheck(field).apply(String.valueOf(value));
        Map<String, Object> arguments = new HashMap<>(Map.of("hubUrl", "https://hub.example.org"));
        arguments.put(field, value);
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class, arguments);
        String runError;
        try {
            SmokeRun.resolve(step.toRequest(), () -> {
                throw new AssertionError("a hub URL alone reads no configuration");
            });
            runError = null;
        } catch (HubDeployException e) {
            runError = e.getMessage();
        }

        assertThat(form.kind).as(field + "=" + value).isEqualTo(expected);
        assertThat(form.getMessage()).as("the form says what a run would say").isEqualTo(runError);
    }

    @Test
    void numberFieldsTakeWholeNumbersOrNothing() {
        for (String field : new String[] {"attempts", "retryDelay", "users", "timeout", "spawnTimeout"}) {
            assertThat(numberCheck(field).apply("").kind).as(field + " blank").isEqualTo(FormValidation.Kind.OK);
            FormValidation text = numberCheck(field).apply("ten");
            assertThat(text.kind).as(field).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(text.getMessage()).isEqualTo("'ten' is not a whole number");
            assertThat(numberCheck(field).apply("99999999999").kind).as(field + " beyond an Integer")
                    .isEqualTo(FormValidation.Kind.ERROR);
        }
    }

    private Function<String, FormValidation> numberCheck(String field) {
        return switch (field) {
            case "attempts" -> descriptor::doCheckAttempts;
            case "retryDelay" -> descriptor::doCheckRetryDelay;
            case "users" -> descriptor::doCheckUsers;
            case "timeout" -> descriptor::doCheckTimeout;
            case "spawnTimeout" -> descriptor::doCheckSpawnTimeout;
            default -> throw new IllegalArgumentException(field);
        };
    }
}
