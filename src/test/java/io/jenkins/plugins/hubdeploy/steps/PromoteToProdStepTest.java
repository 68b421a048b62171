package io.jenkins.plugins.hubdeploy.steps;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import io.jenkins.plugins.hubdeploy.promote.PromoteOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Binding, descriptor and form/help files of promoteToProd (no Jenkins here: see docs/jenkins.md). */
class PromoteToProdStepTest {
    private static final String RESOURCES = "/io/jenkins/plugins/hubdeploy/steps/PromoteToProdStep/";

    @Test
    void onlyTheModeGivenLeavesEverythingElseToTheConfiguration() throws Exception {
        PromoteToProdStep step = DataBoundBinder.bind(PromoteToProdStep.class, Map.of("mode", "record"));

        assertThat(step.toOptions(null)).isEqualTo(PromoteOptions.of(PromoteMode.RECORD));
        assertThat(step.getGitCredentialsId()).isNull();
        assertThat(step.getDir()).isEqualTo(".");
    }

    @Test
    void namedArgumentsBindLikePipeline() throws Exception {
        PromoteToProdStep step = DataBoundBinder.bind(PromoteToProdStep.class, Map.ofEntries(
                Map.entry("mode", "pullRequest"), Map.entry("deployment", "datahub"), Map.entry("dir", "repo"),
                Map.entry("gitCredentialsId", "github-app"), Map.entry("credentialsId", "registry"),
                Map.entry("remote", "upstream"), Map.entry("stagingEnv", "stage"), Map.entry("sourceBranch", "main"),
                Map.entry("targetBranch", "production"), Map.entry("maxEvidenceAge", "36h"),
                Map.entry("smokeReport", "out/smoke.json"), Map.entry("stagingKubeconfig", "/tmp/kc"),
                Map.entry("githubApiUrl", "https://ghe.example.org/api/v3"), Map.entry("autoMerge", true),
                Map.entry("pullRequest", 12), Map.entry("allowFork", true), Map.entry("allowOtherBranch", true),
                Map.entry("overrideDenyWindow", "security fix")));
        RegistryCredentials login = new RegistryCredentials("ci", "pw");

        assertThat(step.getGitCredentialsId()).isEqualTo("github-app");
        assertThat(step.getCredentialsId()).isEqualTo("registry");
        assertThat(step.toOptions(login)).isEqualTo(new PromoteOptions(PromoteMode.PULL_REQUEST, "stage", null,
                "upstream", "main", "production", Duration.ofHours(36), "out/smoke.json", "/tmp/kc",
                "https://ghe.example.org/api/v3", true, 12, true, true, "security fix", login));
    }

    @Test
    void badModeOrAgeIsAUsageError() throws Exception {
        PromoteToProdStep mode = DataBoundBinder.bind(PromoteToProdStep.class, Map.of("mode", "yolo"));
        PromoteToProdStep age = DataBoundBinder.bind(PromoteToProdStep.class, Map.of("mode", "check", "maxEvidenceAge", "a week"));
        PromoteToProdStep none = DataBoundBinder.bind(PromoteToProdStep.class, Map.of("mode", " "));

        HubDeployException m = catchThrowableOfType(HubDeployException.class, () -> mode.toOptions(null));
        HubDeployException a = catchThrowableOfType(HubDeployException.class, () -> age.toOptions(null));
        HubDeployException n = catchThrowableOfType(HubDeployException.class, () -> none.toOptions(null));

        assertThat(m.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(m.getMessage()).contains("'yolo' is not a mode").contains("record, pullRequest, check, merge, deploy, revert");
        assertThat(a.getMessage()).contains("maxEvidenceAge: 'a week' is not an age");
        assertThat(n.getMessage()).contains("mode is required");
    }

    @Test
    void hubUrlIsTheProdHubOfModeDeployAndAnErrorWithAnotherMode() throws Exception {
        PromoteToProdStep deploy = DataBoundBinder.bind(PromoteToProdStep.class,
                Map.of("mode", "deploy", "hubUrl", " https://datahub.berkeley.edu "));
        PromoteToProdStep record = DataBoundBinder.bind(PromoteToProdStep.class,
                Map.of("mode", "record", "hubUrl", "https://datahub.berkeley.edu"));
        PromoteToProdStep blank = DataBoundBinder.bind(PromoteToProdStep.class, Map.of("mode", "merge", "hubUrl", " "));
        PromoteToProdStep bad = DataBoundBinder.bind(PromoteToProdStep.class,
                Map.of("mode", "deploy", "hubUrl", "https://datahub.berkeley.edu/?token=tok-4711"));

        assertThat(deploy.toOptions(null).hubUrl()).isEqualTo("https://datahub.berkeley.edu");
        assertThat(blank.toOptions(null)).isEqualTo(PromoteOptions.of(PromoteMode.MERGE));
        HubDeployException wrongMode = catchThrowableOfType(HubDeployException.class, () -> record.toOptions(null));
        assertThat(wrongMode.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrongMode.getMessage()).contains("hubUrl is for mode deploy").contains("mode record");
        HubDeployException badUrl = catchThrowableOfType(HubDeployException.class, () -> bad.toOptions(null));
        assertThat(badUrl.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badUrl.getMessage()).contains("must not carry a query").doesNotContain("tok-4711");
    }

    @Test
    void descriptorNamesTheStepAndItsContext() {
        PromoteToProdStep.DescriptorImpl descriptor = new PromoteToProdStep.DescriptorImpl();

        assertThat(descriptor.getFunctionName()).isEqualTo("promoteToProd");
        assertThat(java.util.Set.<Class<?>>copyOf(descriptor.getRequiredContext())).containsExactlyInAnyOrder(
                Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        assertThat(PromoteToProdStep.DescriptorImpl.class.getAnnotation(Extension.class)).isNotNull();
    }

    @Test
    void everyParameterHasHelpAndAFormFieldAndNoMessageKeyJellyWouldSplit() throws IOException {
        String config = resource("config.jelly");

        assertThat(DataBoundBinder.parameterNames(PromoteToProdStep.class)).containsExactlyInAnyOrder("mode",
                "deployment", "dir", "gitCredentialsId", "credentialsId", "remote", "stagingEnv", "sourceBranch",
                "targetBranch", "maxEvidenceAge", "smokeReport", "stagingKubeconfig", "githubApiUrl", "autoMerge",
                "pullRequest", "allowFork", "allowOtherBranch", "overrideDenyWindow", "hubCredentialsId", "hubUrl");
        assertThat(resource("help.html")).contains("exactly what passed on staging");
        for (String name : DataBoundBinder.parameterNames(PromoteToProdStep.class)) {
            assertThat(resource("help-" + name + ".html")).as("help for " + name).contains("<div>");
            assertThat(config).as("config.jelly field " + name).contains("field=\"" + name + "\"");
        }
        Matcher keys = Pattern.compile("\\$\\{%([^}]*)}").matcher(config);
        while (keys.find()) {
            assertThat(keys.group(1)).as("message key " + keys.group(1)).doesNotContain("(", ")", ",", "'", "\"");
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PromoteToProdStep.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
