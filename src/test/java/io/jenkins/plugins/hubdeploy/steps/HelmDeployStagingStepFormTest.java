package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.FormValidation;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.JOB;
import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.values;
import static org.assertj.core.api.Assertions.assertThat;

/** The helmDeployStaging form's endpoints, called the way Stapler calls them; the form agrees with a run. */
class HelmDeployStagingStepFormTest {
    private final FakeFormContext configurer = FakeFormContext.jobConfigurer()
            .with(StandardUsernamePasswordCredentials.class, "registry-read").with(StringCredentials.class, "hub-token");

    @Test
    void registryCredentialsAreUsernamePasswordOnes() {
        var descriptor = new HelmDeployStagingStep.DescriptorImpl(configurer);

        assertThat(values(descriptor.doFillCredentialsIdItems(JOB, null))).containsExactly("", "registry-read");
        assertThat(descriptor.doCheckCredentialsId(JOB, "registry-read").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckCredentialsId(JOB, "hub-token").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void aReaderGetsNeitherTheListNorAVerdict() {
        FakeFormContext reader = FakeFormContext.reader().with(StandardUsernamePasswordCredentials.class, "x");
        var descriptor = new HelmDeployStagingStep.DescriptorImpl(reader);

        assertThat(values(descriptor.doFillCredentialsIdItems(JOB, "mine"))).containsExactly("mine");
        assertThat(descriptor.doCheckCredentialsId(JOB, "missing").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(reader.lookups).isEmpty();
    }

    @Test
    void environmentNamesFollowTheLoadersRule() {
        var descriptor = new HelmDeployStagingStep.DescriptorImpl(FakeFormContext.reader());

        assertThat(descriptor.doCheckEnv("staging").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckEnv("").kind).as("blank: staging").isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckEnv("Staging").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckEnv("a".repeat(31)).getMessage()).contains("at most 30 characters");
        assertThat(descriptor.doCheckDeployment("data/hub").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30m", "1h", "1h30m", "90s", "600", " 45m ", "30 minutes", "0s", "0", "-5", "1d", "m30",
            "1.5h", "30m1"})
    void timeoutCheckAgreesWithWhatADeployAccepts(String timeout) throws Exception {
        FormValidation form = new HelmDeployStagingStep.DescriptorImpl(FakeFormContext.reader())
                .doCheckTimeout(timeout);
        HelmDeployStagingStep step = DataBoundBinder.bind(HelmDeployStagingStep.class, Map.of("timeout", timeout));
        String runError;
        try {
            step.toOptions(null);
            runError = null;
        } catch (HubDeployException e) {
            runError = e.getMessage();
        }

        assertThat(form.kind).isEqualTo(runError == null ? FormValidation.Kind.OK : FormValidation.Kind.ERROR);
        assertThat(form.getMessage()).isEqualTo(runError);
    }

    @Test
    void timeoutExamples() {
        var descriptor = new HelmDeployStagingStep.DescriptorImpl(FakeFormContext.reader());

        assertThat(descriptor.doCheckTimeout("1h30m").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckTimeout("").kind).as("blank: 30m").isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckTimeout("30 minutes").getMessage())
                .isEqualTo("timeout: '30 minutes' is not a duration; write e.g. 30m, 1h, 1h30m or 900s");
    }

    @Test
    void stuckPolicyIsADropDownWhoseEveryChoiceADeployAccepts() throws Exception {
        var items = new HelmDeployStagingStep.DescriptorImpl(FakeFormContext.reader()).doFillStuckPolicyItems();

        assertThat(values(items)).containsExactly("fail", "rollback");
        for (String value : values(items)) {
            HelmDeployStagingStep step = DataBoundBinder.bind(HelmDeployStagingStep.class,
                    Map.of("stuckPolicy", value));
            assertThat(step.toOptions(null).stuckPolicy()).isEqualTo(StuckPolicy.parse(value));
        }
    }
}
