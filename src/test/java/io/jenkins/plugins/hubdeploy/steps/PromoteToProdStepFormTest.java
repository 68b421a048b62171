package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.FormValidation;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.JOB;
import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.values;
import static org.assertj.core.api.Assertions.assertThat;

/** The promoteToProd form's endpoints, called the way Stapler calls them; the form agrees with a run. */
class PromoteToProdStepFormTest {
    private static FakeFormContext store(FakeFormContext context) {
        return context.with(StandardUsernamePasswordCredentials.class, "github-bot", "registry-read")
                .with(StringCredentials.class, "prod-hub-token");
    }

    @Test
    void gitAndRegistryLoginsAreUsernamePasswordAndTheHubTokenIsSecretText() {
        var descriptor = new PromoteToProdStep.DescriptorImpl(store(FakeFormContext.jobConfigurer()));

        assertThat(values(descriptor.doFillGitCredentialsIdItems(JOB, null)))
                .containsExactly("", "github-bot", "registry-read");
        assertThat(values(descriptor.doFillCredentialsIdItems(JOB, null)))
                .containsExactly("", "github-bot", "registry-read");
        assertThat(values(descriptor.doFillHubCredentialsIdItems(JOB, "old-token")))
                .containsExactly("", "prod-hub-token", "old-token");
        assertThat(descriptor.doCheckGitCredentialsId(JOB, "github-bot").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckGitCredentialsId(JOB, "prod-hub-token").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckCredentialsId(JOB, "registry-read").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckHubCredentialsId(JOB, "prod-hub-token").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation wrongType = descriptor.doCheckHubCredentialsId(JOB, "github-bot");
        assertThat(wrongType.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(wrongType.getMessage()).contains("'Secret text'", "'github-bot'");
    }

    @Test
    void aReaderLearnsNothingFromAnyOfTheThreePickers() {
        FakeFormContext reader = store(FakeFormContext.reader());
        var descriptor = new PromoteToProdStep.DescriptorImpl(reader);

        assertThat(values(descriptor.doFillGitCredentialsIdItems(JOB, "mine"))).containsExactly("mine");
        assertThat(values(descriptor.doFillCredentialsIdItems(null, null))).isEmpty();
        assertThat(values(descriptor.doFillHubCredentialsIdItems(JOB, ""))).isEmpty();
        assertThat(descriptor.doCheckGitCredentialsId(JOB, "nope").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckCredentialsId(JOB, "nope").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckHubCredentialsId(JOB, "nope").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(reader.lookups).isEmpty();
    }

    @Test
    void modeIsADropDownOfTheModesARunAccepts() throws Exception {
        var items = new PromoteToProdStep.DescriptorImpl(FakeFormContext.reader()).doFillModeItems();

        assertThat(values(items)).containsExactly("record", "pullRequest", "check", "merge", "deploy", "revert");
        for (String mode : values(items)) {
            PromoteToProdStep step = DataBoundBinder.bind(PromoteToProdStep.class, Map.of("mode", mode));
            assertThat(step.toOptions(null).mode()).isEqualTo(PromoteMode.parse(mode, "mode"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7d", "36h", "90m", "1h30m", "600", "0d", "0s", "a week", "7 d", "-1d"})
    void maxEvidenceAgeCheckAgreesWithWhatARunAccepts(String age) throws Exception {
        FormValidation form = new PromoteToProdStep.DescriptorImpl(FakeFormContext.reader())
                .doCheckMaxEvidenceAge(age);
        PromoteToProdStep step = DataBoundBinder.bind(PromoteToProdStep.class,
                Map.of("mode", "check", "maxEvidenceAge", age));
        String runError;
        try {
            step.toOptions(null);
            runError = null;
        } catch (HubDeployException e) {
            runError = e.getMessage();
        }

        assertThat(form.kind).as(age).isEqualTo(runError == null ? FormValidation.Kind.OK : FormValidation.Kind.ERROR);
        assertThat(form.getMessage()).isEqualTo(runError);
    }

    @Test
    void namesFollowTheCoreRules() {
        var descriptor = new PromoteToProdStep.DescriptorImpl(FakeFormContext.reader());

        assertThat(descriptor.doCheckStagingEnv("staging").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckHubUrl("https://datahub.berkeley.edu").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckHubUrl("").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckHubUrl("datahub.berkeley.edu").kind).isEqualTo(FormValidation.Kind.ERROR);
        FormValidation secret = descriptor.doCheckHubUrl("https://admin:s3cr3t-pw@datahub.berkeley.edu");
        assertThat(secret.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(secret.getMessage()).doesNotContain("s3cr3t-pw");
        assertThat(descriptor.doCheckStagingEnv("Staging Env").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(descriptor.doCheckDeployment("datahub").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckDeployment("../prod").kind).isEqualTo(FormValidation.Kind.ERROR);
    }
}
