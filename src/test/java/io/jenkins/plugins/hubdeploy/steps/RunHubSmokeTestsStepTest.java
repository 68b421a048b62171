package io.jenkins.plugins.hubdeploy.steps;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunHubSmokeTestsStepTest {
    private static final String RESOURCES = "/io/jenkins/plugins/hubdeploy/steps/RunHubSmokeTestsStep/";

    @Test
    void noArgumentsTakeEverythingFromTheConfiguration() throws Exception {
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class, Map.of());

        assertThat(step.toRequest().needsConfig()).isTrue();
        assertThat(step.getJunit()).isEqualTo("hubdeploy-smoke.xml");
        assertThat(step.getReport()).isEqualTo("hubdeploy-smoke.json");
        assertThat(step.getDir()).isEqualTo(".");
        assertThat(step.toRequest()).isEqualTo(new SmokeRequest(null, null, null, null, null, null, null, null,
                null, null, null, null, null, "hubdeploy-smoke.xml", "hubdeploy-smoke.json"));
    }

    @Test
    void namedArgumentsBindLikePipelineAndReachTheRequest() throws Exception {
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class, RunHubSmokeTestsStep.DescriptorImpl
                .bindable(new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("hubUrl", "https://staging.example.org"), Map.entry("credentialsId", "hub-token"),
                Map.entry("user", "ci-check"), Map.entry("imports", List.of("numpy", "scipy.stats")),
                Map.entry("notebooks", List.of("tests/smoke.ipynb")), Map.entry("timeout", 120),
                Map.entry("spawnTimeout", 900), Map.entry("attempts", 3), Map.entry("retryDelay", 60),
                Map.entry("users", 5), Map.entry("keepUser", true), Map.entry("kernel", "python3"),
                Map.entry("junit", "reports/smoke.xml"), Map.entry("report", "reports/smoke.json"),
                Map.entry("userOptions", Map.of("profile", "small"))))));

        assertThat(step.toRequest().needsConfig()).as("hubUrl given, no env: no configuration needed").isFalse();
        assertThat(step.getCredentialsId()).isEqualTo("hub-token");
        assertThat(step.toRequest()).isEqualTo(new SmokeRequest("https://staging.example.org", null, "ci-check",
                List.of("numpy", "scipy.stats"), List.of("tests/smoke.ipynb"), 120, 900, 3, 60, 5, true, "python3",
                "{\"profile\":\"small\"}", "reports/smoke.xml", "reports/smoke.json"));
    }

    @Test
    void blankStringsMeanNotSet() throws Exception {
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class,
                Map.of("hubUrl", " ", "env", "", "junit", "", "credentialsId", "  "));

        assertThat(step.getHubUrl()).isNull();
        assertThat(step.getEnv()).isNull();
        assertThat(step.getCredentialsId()).isNull();
        assertThat(step.getJunit()).isEqualTo("hubdeploy-smoke.xml");
    }

    @Test
    void unknownParameterIsRejected() {
        assertThatThrownBy(() -> DataBoundBinder.bind(RunHubSmokeTestsStep.class, Map.of("import", "numpy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid parameter \"import\"")
                .hasMessageContaining("imports");
    }

    @Test
    void descriptorNamesTheStepAndItsContext() {
        RunHubSmokeTestsStep.DescriptorImpl descriptor = new RunHubSmokeTestsStep.DescriptorImpl();

        assertThat(descriptor.getFunctionName()).isEqualTo("runHubSmokeTests");
        assertThat(descriptor.getDisplayName()).isNotBlank();
        assertThat(Set.<Class<?>>copyOf(descriptor.getRequiredContext())).containsExactlyInAnyOrder(
                Run.class, FilePath.class, EnvVars.class, TaskListener.class);
        assertThat(RunHubSmokeTestsStep.DescriptorImpl.class.getAnnotation(Extension.class)).isNotNull();
    }

    /** Text boxes cannot bind a List or a Map (an empty box would bind as ['']): these are written in Pipeline. */
    private static final List<String> PIPELINE_ONLY = List.of("imports", "notebooks", "userOptions");

    @Test
    void everyParameterHasHelpAndAFormFieldExceptThePipelineOnlyOnes() throws IOException {
        String config = resource("config.jelly");

        assertThat(DataBoundBinder.parameterNames(RunHubSmokeTestsStep.class)).containsExactlyInAnyOrder(
                "hubUrl", "credentialsId", "env", "deployment", "dir", "user", "imports", "notebooks", "timeout",
                "spawnTimeout", "attempts", "retryDelay", "users", "keepUser", "kernel", "junit", "report",
                "userOptions");
        assertThat(resource("help.html")).contains("runHubSmokeTests(");
        for (String name : DataBoundBinder.parameterNames(RunHubSmokeTestsStep.class)) {
            String help = resource("help-" + name + ".html");
            assertThat(help).as("help for " + name).contains("<div>");
            if (PIPELINE_ONLY.contains(name)) {
                assertThat(config).as("config.jelly has no field for Pipeline-only " + name)
                        .doesNotContain("field=\"" + name + "\"");
                assertThat(help).as("help for " + name).contains("Pipeline only: <code>" + name + ": ");
            } else {
                assertThat(config).as("config.jelly field " + name).contains("field=\"" + name + "\"");
            }
        }
        assertThat(resource("help-imports.html")).contains("Pipeline only: <code>imports: ['numpy', 'pandas']</code>");
    }

    @Test
    void envFieldHasNoDefaultSoAHubUrlSnippetNeedsNoConfiguration() throws Exception {
        String config = resource("config.jelly");
        int start = config.indexOf("field=\"env\"");
        String envEntry = config.substring(start, config.indexOf("</f:entry>", start));

        assertThat(envEntry).as("a default would make the Snippet Generator emit env: 'staging'")
                .doesNotContain("default=");
        // what the Snippet Generator's form submits for a hub URL and nothing else
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class, Map.of(
                "hubUrl", "https://hub.example.org", "env", "", "credentialsId", "hub-token", "dir", ".",
                "junit", "hubdeploy-smoke.xml", "report", "hubdeploy-smoke.json"));
        assertThat(step.toRequest().needsConfig()).isFalse();
    }

    @Test
    void blankImportsAndNotebooksAreDropped() throws Exception {
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class, Map.of(
                "imports", Arrays.asList("numpy", "", " pandas ", null, "  "), "notebooks", List.of("", "a.ipynb")));

        assertThat(step.getImports()).containsExactly("numpy", "pandas");
        assertThat(step.getNotebooks()).containsExactly("a.ipynb");
        assertThat(DataBoundBinder.bind(RunHubSmokeTestsStep.class, Map.of("imports", List.of(""))).toRequest()
                .imports()).isEmpty();
    }

    @Test
    void userOptionsThatAreNoJsonMapAreAUsageError() throws Exception {
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class, Map.of("userOptions", "[1, 2]"));

        assertThatThrownBy(step::toRequest).isInstanceOfSatisfying(HubDeployException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)).hasMessageContaining("userOptions");
        assertThatThrownBy(() -> RunHubSmokeTestsStep.DescriptorImpl.bindable(
                new java.util.LinkedHashMap<>(Map.of("userOptions", Map.of("profile", new Object())))))
                .isInstanceOf(hudson.AbortException.class).hasMessageContaining("userOptions");
    }

    @Test
    void outOfRangeRetryOptionsFailTheStepWithUsage() throws Exception {
        RunHubSmokeTestsStep step = DataBoundBinder.bind(RunHubSmokeTestsStep.class,
                Map.of("hubUrl", "https://hub.example.org", "retryDelay", -1));

        assertThatThrownBy(() -> SmokeRun.resolve(step.toRequest(), () -> {
            throw new AssertionError("a hub URL alone reads no configuration");
        })).isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("--retry-delay (step: retryDelay) must be between 0 and 3600 seconds (got -1)");
    }

    @Test
    void listenerLogMasksTheTokenOnEitherSide() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TaskListener listener = () -> out;
        SmokeListenerLog log = new SmokeListenerLog(listener);

        log.addSecret("tok-123456");
        log.info("GET with tok-123456");
        log.warn("again tok-123456");

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "GET with ****" + System.lineSeparator() + "WARNING: again ****" + System.lineSeparator());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RunHubSmokeTestsStep.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(RESOURCES + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
