package io.jenkins.plugins.hubdeploy.steps;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Binding, descriptor and form/help files of helmDeployStaging (no Jenkins here: see docs/jenkins.md). */
class HelmDeployStagingStepTest {
    private static final String RESOURCES = "/io/jenkins/plugins/hubdeploy/steps/HelmDeployStagingStep/";

    @Test
    void noArgumentsDeployStagingWithSafeDefaults() throws Exception {
        HelmDeployStagingStep step = DataBoundBinder.bind(HelmDeployStagingStep.class, Map.of());

        assertThat(step.toOptions(null)).isEqualTo(new DeployOptions("staging", false, false, Duration.ofMinutes(30), null, StuckPolicy.FAIL));
        assertThat(step.getCredentialsId()).isNull();
        assertThat(step.getDir()).isEqualTo(".");
        assertThat(step.getDeployment()).isNull();
    }

    @Test
    void namedArgumentsBindLikePipeline() throws Exception {
        HelmDeployStagingStep step = DataBoundBinder.bind(HelmDeployStagingStep.class, Map.of(
                "deployment", "datahub", "dir", "repo", "env", "prod", "dryRun", true, "atomic", true,
                "timeout", "1h30m", "historyMax", 7, "stuckPolicy", "rollback", "credentialsId", "registry-login"));
        RegistryCredentials login = new RegistryCredentials("ci-bot", "pw");

        assertThat(step.getDeployment()).isEqualTo("datahub");
        assertThat(step.getDir()).isEqualTo("repo");
        assertThat(step.getCredentialsId()).isEqualTo("registry-login");
        assertThat(step.toOptions(login)).isEqualTo(new DeployOptions("prod", true, true, Duration.ofMinutes(90), 7, StuckPolicy.ROLLBACK, login));
    }

    @Test
    void badTimeoutOrPolicyIsAUsageError() throws Exception {
        HelmDeployStagingStep badTimeout = DataBoundBinder.bind(HelmDeployStagingStep.class, Map.of("timeout", "30 minutes"));
        HelmDeployStagingStep badPolicy = DataBoundBinder.bind(HelmDeployStagingStep.class, Map.of("stuckPolicy", "force"));

        HubDeployException t = catchThrowableOfType(HubDeployException.class, () -> badTimeout.toOptions(null));
        HubDeployException p = catchThrowableOfType(HubDeployException.class, () -> badPolicy.toOptions(null));

        assertThat(t.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(t.getMessage()).contains("timeout: '30 minutes' is not a duration");
        assertThat(p.getMessage()).contains("'fail' (default) or 'rollback'");
    }

    @Test
    void descriptorNamesTheStepAndItsContext() {
        HelmDeployStagingStep.DescriptorImpl descriptor = new HelmDeployStagingStep.DescriptorImpl();

        assertThat(descriptor.getFunctionName()).isEqualTo("helmDeployStaging");
        assertThat(java.util.Set.<Class<?>>copyOf(descriptor.getRequiredContext())).containsExactlyInAnyOrder(
                Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        assertThat(HelmDeployStagingStep.DescriptorImpl.class.getAnnotation(Extension.class)).isNotNull();
    }

    @Test
    void everyParameterHasHelpAndAFormField() throws IOException {
        String config = resource("config.jelly");

        assertThat(DataBoundBinder.parameterNames(HelmDeployStagingStep.class)).containsExactlyInAnyOrder(
                "deployment", "dir", "env", "dryRun", "atomic", "timeout", "historyMax", "stuckPolicy", "credentialsId",
                "deployments", "changed", "parallel");
        assertThat(resource("help.html")).contains("withKubeConfig");
        for (String name : DataBoundBinder.parameterNames(HelmDeployStagingStep.class)) {
            assertThat(resource("help-" + name + ".html")).as("help for " + name).contains("<div>");
            assertThat(config).as("config.jelly field " + name).contains("field=\"" + name + "\"");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HelmDeployStagingStep.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
