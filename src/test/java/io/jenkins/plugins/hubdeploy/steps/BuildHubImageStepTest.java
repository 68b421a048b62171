package io.jenkins.plugins.hubdeploy.steps;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildHubImageStepTest {
    private static final String RESOURCES = "/io/jenkins/plugins/hubdeploy/steps/BuildHubImageStep/";

    @Test
    void noArgumentsGiveSafeDefaults() throws Exception {
        BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class, Map.of());

        assertThat(step.getDeployment()).isNull();
        assertThat(step.getDir()).isEqualTo(".");
        assertThat(step.isPush()).as("a PR build never pushes").isFalse();
        assertThat(step.isForce()).isFalse();
        assertThat(step.isNoCache()).isFalse();
        assertThat(step.getBuilder()).isNull();
        assertThat(step.getPlatform()).isNull();
        assertThat(step.getCredentialsId()).isNull();
    }

    @Test
    void namedArgumentsBindLikePipeline() throws Exception {
        BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class, Map.of(
                "deployment", "datahub", "push", true, "builder", "buildah", "dir", "repo",
                "force", true, "noCache", true, "platform", "linux/amd64", "credentialsId", "registry-bot"));

        assertThat(step.getDeployment()).isEqualTo("datahub");
        assertThat(step.isPush()).isTrue();
        assertThat(step.getBuilder()).isEqualTo("buildah");
        assertThat(step.getDir()).isEqualTo("repo");
        assertThat(step.isForce()).isTrue();
        assertThat(step.isNoCache()).isTrue();
        assertThat(step.getPlatform()).isEqualTo("linux/amd64");
        assertThat(step.getCredentialsId()).isEqualTo("registry-bot");
    }

    @Test
    void changedBindsToTheDeploySidesChoiceAndClashesAreExit2() throws Exception {
        assertThat(DataBoundBinder.bind(BuildHubImageStep.class, Map.of()).toChangedOnly()).as("every deployment").isNull();
        assertThat(DataBoundBinder.bind(BuildHubImageStep.class, Map.of("changed", true)).toChangedOnly())
                .isEqualTo(io.jenkins.plugins.hubdeploy.run.ChangedOnly.sinceLive("staging"));
        assertThat(DataBoundBinder.bind(BuildHubImageStep.class, Map.of("changed", true, "env", "prod")).toChangedOnly())
                .isEqualTo(io.jenkins.plugins.hubdeploy.run.ChangedOnly.sinceLive("prod"));
        assertThat(DataBoundBinder.bind(BuildHubImageStep.class, Map.of("changedSince", "origin/staging", "env", " "))
                .toChangedOnly()).isEqualTo(new io.jenkins.plugins.hubdeploy.run.ChangedOnly("staging", "origin/staging"));
        BuildHubImageStep both = DataBoundBinder.bind(BuildHubImageStep.class,
                Map.of("changed", true, "changedSince", "origin/staging"));
        assertThatThrownBy(both::toChangedOnly).isInstanceOf(HubDeployException.class)
                .hasMessageContaining("changed and changedSince both say what to compare with: pass one");
    }

    @Test
    void blankStringsMeanNotSet() throws Exception {
        BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class,
                Map.of("deployment", " ", "dir", "", "builder", "", "credentialsId", "  "));

        assertThat(step.getDeployment()).isNull();
        assertThat(step.getDir()).isEqualTo(".");
        assertThat(step.getBuilder()).isNull();
        assertThat(step.getCredentialsId()).isNull();
    }

    @Test
    void unknownParameterIsRejected() {
        assertThatThrownBy(() -> DataBoundBinder.bind(BuildHubImageStep.class, Map.of("deploy", "datahub")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid parameter \"deploy\"")
                .hasMessageContaining("deployment");
    }

    @Test
    void wronglyTypedArgumentIsRejected() {
        assertThatThrownBy(() -> DataBoundBinder.bind(BuildHubImageStep.class, Map.of("push", "yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsCarryTheBoundParameters() throws Exception {
        BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class,
                Map.of("push", true, "noCache", true, "platform", "linux/arm64"));
        RegistryCredentials credentials = new RegistryCredentials("bot", "s3cret");

        ImageBuildOptions options = step.toOptions(credentials);

        assertThat(options).isEqualTo(new ImageBuildOptions(true, false, true, null, "linux/arm64", credentials));
    }

    @Test
    void descriptorNamesTheStepAndItsContext() {
        BuildHubImageStep.DescriptorImpl descriptor = new BuildHubImageStep.DescriptorImpl();

        assertThat(descriptor.getFunctionName()).isEqualTo("buildHubImage");
        assertThat(descriptor.getDisplayName()).isNotBlank();
        assertThat(java.util.Set.<Class<?>>copyOf(descriptor.getRequiredContext())).containsExactlyInAnyOrder(
                Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        assertThat(BuildHubImageStep.DescriptorImpl.class.getAnnotation(Extension.class))
                .as("found by Jenkins through the SezPoz index").isNotNull();
    }

    @Test
    void everyParameterHasHelpAndAFormField() throws IOException {
        String config = resource("config.jelly");

        assertThat(DataBoundBinder.parameterNames(BuildHubImageStep.class)).containsExactlyInAnyOrder(
                "deployment", "dir", "push", "force", "noCache", "builder", "platform", "credentialsId",
                "deployments", "parallel", "changed", "env", "changedSince");
        assertThat(resource("help.html")).contains("buildHubImage(");
        for (String name : DataBoundBinder.parameterNames(BuildHubImageStep.class)) {
            assertThat(resource("help-" + name + ".html")).as("help for " + name).contains("<div>");
            assertThat(config).as("config.jelly field " + name).contains("field=\"" + name + "\"");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BuildHubImageStep.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
