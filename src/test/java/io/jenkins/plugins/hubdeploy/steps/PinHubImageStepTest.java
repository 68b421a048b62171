package io.jenkins.plugins.hubdeploy.steps;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.PinRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Binding, descriptor and form/help files of pinHubImage (no Jenkins here: see docs/jenkins.md). */
class PinHubImageStepTest {
    private static final String RESOURCES = "/io/jenkins/plugins/hubdeploy/steps/PinHubImageStep/";
    private static final String IMAGE = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image:84d9c800dba0";

    @Test
    void onlyTheImageGivenPinsEveryDeploymentOnTheCheckoutAndOpensThePullRequestAgainstStaging() throws Exception {
        PinHubImageStep step = DataBoundBinder.bind(PinHubImageStep.class, Map.of("image", IMAGE));

        assertThat(step.toRequest()).isEqualTo(new PinRun.Request(IMAGE, new DeploymentSelection(null), null, true,
                "origin", true, "staging", null, null));
        assertThat(step.getDir()).isEqualTo(".");
        assertThat(step.isPullRequest()).isTrue();
    }

    @Test
    void namedArgumentsBindLikePipeline() throws Exception {
        PinHubImageStep step = DataBoundBinder.bind(PinHubImageStep.class, Map.ofEntries(
                Map.entry("image", IMAGE), Map.entry("deployments", "datahub, dlab"), Map.entry("dir", "deploy"),
                Map.entry("repositoryUrl", "https://github.com/berkeley-dsep-infra/datahub.git"),
                Map.entry("branch", "pin/datahub"), Map.entry("base", "main"),
                Map.entry("gitCredentialsId", "github-app"), Map.entry("githubApiUrl", "https://ghe.example.org/api/v3"),
                Map.entry("pullRequest", false)));

        assertThat(step.getGitCredentialsId()).isEqualTo("github-app");
        assertThat(step.getDir()).isEqualTo("deploy");
        assertThat(step.toRequest()).isEqualTo(new PinRun.Request(IMAGE, new DeploymentSelection("datahub, dlab"),
                "pin/datahub", true, "origin", false, "main", "https://ghe.example.org/api/v3",
                "https://github.com/berkeley-dsep-infra/datahub.git"));
    }

    @Test
    void nullsFromAGroovyMapAreTheDefaults() throws Exception {
        Map<String, Object> args = new HashMap<>();
        args.put("image", IMAGE);
        args.put("pullRequest", null);
        args.put("base", null);
        PinHubImageStep step = DataBoundBinder.bind(PinHubImageStep.class, args);

        assertThat(step.isPullRequest()).isTrue();
        assertThat(step.getBase()).isEqualTo("staging");
    }

    @Test
    void noImageOrBothDeploymentParametersIsAUsageErrorNamingThem() throws Exception {
        PinHubImageStep none = DataBoundBinder.bind(PinHubImageStep.class, Map.of("image", " "));
        PinHubImageStep both = DataBoundBinder.bind(PinHubImageStep.class,
                Map.of("image", IMAGE, "deployment", "a", "deployments", "b,c"));

        HubDeployException n = catchThrowableOfType(HubDeployException.class, none::toRequest);
        HubDeployException b = catchThrowableOfType(HubDeployException.class, both::toRequest);

        assertThat(n.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(n.getMessage()).contains("pinHubImage: image is required");
        assertThat(b.getMessage()).contains("pinHubImage: give deployment or deployments, not both");
    }

    @Test
    void descriptorNamesTheStepAndItsContext() {
        PinHubImageStep.DescriptorImpl descriptor = new PinHubImageStep.DescriptorImpl();

        assertThat(descriptor.getFunctionName()).isEqualTo("pinHubImage");
        assertThat(java.util.Set.<Class<?>>copyOf(descriptor.getRequiredContext())).containsExactlyInAnyOrder(
                Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        assertThat(PinHubImageStep.DescriptorImpl.class.getAnnotation(Extension.class)).isNotNull();
    }

    @Test
    void everyParameterHasHelpAndAFormFieldAndNoMessageKeyJellyWouldSplit() throws IOException {
        String config = resource("config.jelly");

        assertThat(DataBoundBinder.parameterNames(PinHubImageStep.class)).containsExactlyInAnyOrder("image",
                "deployment", "deployments", "dir", "repositoryUrl", "branch", "base", "gitCredentialsId",
                "githubApiUrl", "pullRequest");
        assertThat(resource("help.html")).contains("buildHubImage(push: true)");
        for (String name : DataBoundBinder.parameterNames(PinHubImageStep.class)) {
            assertThat(resource("help-" + name + ".html")).as("help for " + name).contains("<div>");
            assertThat(config).as("config.jelly field " + name).contains("field=\"" + name + "\"");
        }
        assertThat(config).contains("<c:select checkMethod=\"post\"/>");
        Matcher keys = Pattern.compile("\\$\\{%([^}]*)}").matcher(config);
        while (keys.find()) {
            assertThat(keys.group(1)).as("message key " + keys.group(1)).doesNotContain("(", ")", ",", "'", "\"");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PinHubImageStep.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
