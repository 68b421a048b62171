package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.util.FormValidation;
import io.jenkins.plugins.hubdeploy.image.Builders;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;

import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.JOB;
import static io.jenkins.plugins.hubdeploy.steps.FakeFormContext.values;
import static org.assertj.core.api.Assertions.assertThat;

/** The buildHubImage form's endpoints, called the way Stapler calls them, with and without permission. */
class BuildHubImageStepFormTest {
    private static FakeFormContext store(FakeFormContext context) {
        return context.with(StandardUsernamePasswordCredentials.class, "registry-push")
                .with(StringCredentials.class, "hub-token");
    }

    @Test
    void aJobConfigurerPicksFromTheUsernamePasswordCredentialsAndKeepsTheCurrentOne() {
        FakeFormContext context = store(FakeFormContext.jobConfigurer());

        var items = new BuildHubImageStep.DescriptorImpl(context).doFillCredentialsIdItems(JOB, "deleted-id");

        assertThat(values(items)).containsExactly("", "registry-push", "deleted-id");
        assertThat(context.lookups).containsExactly("list StandardUsernamePasswordCredentials");
    }

    @Test
    void withoutPermissionTheListIsOnlyTheValueTheFormSentAndNoStoreIsAsked() {
        FakeFormContext onJob = store(FakeFormContext.reader());
        FakeFormContext outsideAnyJob = store(FakeFormContext.jobConfigurer());

        var denied = new BuildHubImageStep.DescriptorImpl(onJob).doFillCredentialsIdItems(JOB, "registry-push");
        var noItem = new BuildHubImageStep.DescriptorImpl(outsideAnyJob).doFillCredentialsIdItems(null, null);

        assertThat(values(denied)).containsExactly("registry-push");
        assertThat(values(noItem)).as("outside a job only an administrator gets the list").isEmpty();
        assertThat(onJob.lookups).isEmpty();
        assertThat(outsideAnyJob.lookups).isEmpty();
    }

    @Test
    void anAdministratorGetsTheListOutsideAnyJob() {
        FakeFormContext context = store(FakeFormContext.administrator());

        var items = new BuildHubImageStep.DescriptorImpl(context).doFillCredentialsIdItems(null, "");

        assertThat(values(items)).containsExactly("", "registry-push");
    }

    @Test
    void credentialsCheckFindsTheIdOfTheRightTypeOnly() {
        var descriptor = new BuildHubImageStep.DescriptorImpl(store(FakeFormContext.jobConfigurer()));

        FormValidation found = descriptor.doCheckCredentialsId(JOB, "registry-push");
        FormValidation secretText = descriptor.doCheckCredentialsId(JOB, "hub-token");
        FormValidation missing = descriptor.doCheckCredentialsId(JOB, " nope ");
        FormValidation none = descriptor.doCheckCredentialsId(JOB, "");

        assertThat(found.kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(secretText.kind).as("a Secret text cannot log in to a registry").isEqualTo(FormValidation.Kind.ERROR);
        assertThat(missing.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(missing.getMessage()).contains("'Username with password'", "'nope'");
        assertThat(none.kind).as("no credential: the builder's own login").isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void credentialsCheckTellsAUserWithoutPermissionNothing() {
        FakeFormContext context = store(FakeFormContext.reader());
        var descriptor = new BuildHubImageStep.DescriptorImpl(context);

        assertThat(descriptor.doCheckCredentialsId(JOB, "registry-push").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckCredentialsId(JOB, "nope").kind)
                .as("same answer whether the ID exists or not").isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckCredentialsId(null, "nope").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(context.lookups).isEmpty();
    }

    @Test
    void deploymentIsADirectoryNameNotAPath() {
        var descriptor = new BuildHubImageStep.DescriptorImpl(FakeFormContext.reader());

        assertThat(descriptor.doCheckDeployment("datahub").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(descriptor.doCheckDeployment("").kind).isEqualTo(FormValidation.Kind.OK);
        FormValidation path = descriptor.doCheckDeployment("../etc");
        assertThat(path.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(path.getMessage()).contains("'../etc' is not a name");
        assertThat(descriptor.doCheckDeployment("deployments/datahub").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void builderIsADropDownOfWhatTheCoreAccepts() throws Exception {
        var items = new BuildHubImageStep.DescriptorImpl(FakeFormContext.reader()).doFillBuilderItems();

        assertThat(values(items)).first().as("not set: the configuration's builder").isEqualTo("");
        assertThat(values(items).subList(1, items.size())).containsExactlyElementsOf(Builders.SETTINGS);
        for (String value : values(items)) {
            BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class, java.util.Map.of("builder", value));
            assertThat(step.toOptions(null).builder()).as(value).isEqualTo(value.isEmpty() ? null : value);
        }
    }
}
