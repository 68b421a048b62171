package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.FormValidation;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.PinRun;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.JOB;
import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.values;
import static org.assertj.core.api.Assertions.assertThat;

/** The pinHubImage form's endpoints, called the way Stapler calls them; the form agrees with a run. */
class PinHubImageStepFormTest {
    private static final String REPO = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image";

    @Test
    void theGitLoginIsAUsernamePasswordPickerAndAReaderLearnsNothing() {
        FakeFormContext configurer = FakeFormContext.jobConfigurer()
                .with(StandardUsernamePasswordCredentials.class, "github-app")
                .with(StringCredentials.class, "hub-token");
        var descriptor = new PinHubImageStep.DescriptorImpl(configurer);

        assertThat(values(descriptor.doFillGitCredentialsIdItems(JOB, null))).containsExactly("", "github-app");
        assertThat(descriptor.doCheckGitCredentialsId(JOB, "github-app").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckGitCredentialsId(JOB, "hub-token").kind).isEqualTo(FormValidation.Kind.ERROR);

        FakeFormContext reader = FakeFormContext.reader().with(StandardUsernamePasswordCredentials.class, "github-app");
        var asReader = new PinHubImageStep.DescriptorImpl(reader);
        assertThat(values(asReader.doFillGitCredentialsIdItems(JOB, "mine"))).containsExactly("mine");
        assertThat(asReader.doCheckGitCredentialsId(JOB, "nope").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(reader.lookups).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {REPO + ":84d9c800dba0", REPO + "@sha256:" + "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
            REPO, REPO + ":", REPO + ":bad tag", REPO + "@sha256:abc", ""})
    void imageCheckAgreesWithWhatARunAccepts(String image) {
        FormValidation form = new PinHubImageStep.DescriptorImpl(FakeFormContext.reader()).doCheckImage(image);
        boolean runAccepts;
        try {
            PinRun.checkImage(image, "image");
            runAccepts = true;
        } catch (HubDeployException e) {
            runAccepts = false;
        }
        assertThat(form.kind).as(image).isEqualTo(runAccepts ? FormValidation.Kind.OK : FormValidation.Kind.ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/org/deployments.git", "/srv/git/deployments.git",
            "file:///srv/git/deployments.git", "git@github.com:org/deployments.git", "ftp://example.org/x.git",
            "http://git.example.org/org/deployments.git"})
    void repositoryUrlCheckAgreesWithWhatARunAccepts(String url) {
        FormValidation form = new PinHubImageStep.DescriptorImpl(FakeFormContext.reader()).doCheckRepositoryUrl(url);
        boolean runAccepts;
        try {
            PinRun.checkRepositoryUrl(url, "repositoryUrl");
            runAccepts = true;
        } catch (HubDeployException e) {
            runAccepts = false;
        }
        assertThat(form.kind).as(url).isEqualTo(runAccepts ? FormValidation.Kind.OK : FormValidation.Kind.ERROR);
        assertThat(runAccepts).as(url).isEqualTo(url.startsWith("https://") || url.contains("/srv/"));
    }

    @Test
    void aLoginInTheUrlIsRefusedWithoutShowingIt() {
        FormValidation form = new PinHubImageStep.DescriptorImpl(FakeFormContext.reader())
                .doCheckRepositoryUrl("https://x-access-token:ghs_secret0value@github.com/org/deployments.git");

        assertThat(form.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(form.getMessage()).contains("gitCredentialsId").doesNotContain("ghs_secret0value");
    }
}
