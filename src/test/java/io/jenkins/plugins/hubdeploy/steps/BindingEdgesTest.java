package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 7, item 8: arguments Pipeline passes that structs (DescribableModel) would refuse. {@link DataBoundBinder}
 * refuses what structs refuses here (a number for a String, null for a primitive); the type rule below is structs'
 * {@code ParameterType.of} (read in jenkinsci/structs-plugin): a parameterized type that is no Collection is an
 * error type in the Pipeline Syntax reference.
 */
class BindingEdgesTest {
    @Test
    void aNumericTimeoutIsSecondsAndADurationStillWorks() throws Exception {
        Throwable raw = catchThrowable(() -> DataBoundBinder.bind(HelmDeployStagingStep.class, Map.of("timeout", 45)));

        HelmDeployStagingStep seconds = DataBoundBinder.bind(HelmDeployStagingStep.class,
                HelmDeployStagingStep.DescriptorImpl.bindable(args("timeout", 45)));
        HelmDeployStagingStep text = DataBoundBinder.bind(HelmDeployStagingStep.class,
                HelmDeployStagingStep.DescriptorImpl.bindable(args("timeout", "1h")));

        assertThat(raw).as("what structs does without the descriptor's help").isNotNull();
        assertThat(seconds.toOptions(null).timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(text.toOptions(null).timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void nullBooleansFromAGroovyMapMeanFalse() throws Exception {
        Map<String, Object> build = new HashMap<>();
        build.put("push", null);
        build.put("force", null);
        build.put("noCache", null);
        Map<String, Object> deploy = new HashMap<>();
        deploy.put("dryRun", null);
        deploy.put("atomic", null);
        Map<String, Object> smoke = new HashMap<>();
        smoke.put("keepUser", null);

        BuildHubImageStep b = DataBoundBinder.bind(BuildHubImageStep.class, build);
        HelmDeployStagingStep d = DataBoundBinder.bind(HelmDeployStagingStep.class, deploy);
        RunHubSmokeTestsStep s = DataBoundBinder.bind(RunHubSmokeTestsStep.class, smoke);

        assertThat(b.isPush() || b.isForce() || b.isNoCache()).isFalse();
        assertThat(d.toOptions(null)).isEqualTo(DeployOptions.defaults("staging"));
        assertThat(s.isKeepUser()).isFalse();
    }

    @Test
    void userOptionsAcceptAMapOrItsJsonText() throws Exception {
        RunHubSmokeTestsStep map = DataBoundBinder.bind(RunHubSmokeTestsStep.class,
                RunHubSmokeTestsStep.DescriptorImpl.bindable(args("userOptions", Map.of("profile", "small", "cpu", 2))));
        RunHubSmokeTestsStep json = DataBoundBinder.bind(RunHubSmokeTestsStep.class,
                RunHubSmokeTestsStep.DescriptorImpl.bindable(args("userOptions", "{\"cpu\": 2, \"profile\": \"small\"}")));

        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(map.toRequest().userOptionsJson()))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toRequest().userOptionsJson()));
    }

    /** Every step of the plugin, found on the class path, so a new step is checked without editing this test. */
    @Test
    void noStepParameterIsPrimitiveOrAnErrorTypeForStructs() throws Exception {
        List<Class<?>> steps = stepClasses();
        assertThat(steps).contains(BuildHubImageStep.class, HelmDeployStagingStep.class, RunHubSmokeTestsStep.class);
        List<String> problems = new ArrayList<>();
        for (Class<?> step : steps) {
            for (Method setter : DataBoundBinder.dataBoundSetters(step).values()) {
                Type type = setter.getGenericParameterTypes()[0];
                if (setter.getParameterTypes()[0].isPrimitive()) {
                    problems.add(step.getSimpleName() + "." + setter.getName() + " takes a primitive: null fails");
                }
                if (!structsKnows(type)) {
                    problems.add(step.getSimpleName() + "." + setter.getName() + " takes " + type
                            + ": an error type for structs");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Issue 7, item 14: the plugin's description (index.jelly) names every step, a new one included. */
    @Test
    void indexJellyDescribesEveryStep() throws Exception {
        String index = new String(BindingEdgesTest.class.getResourceAsStream("/index.jelly").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (Class<?> step : stepClasses()) {
            String function = (String) step.getField("FUNCTION_NAME").get(null);
            assertThat(index).as("index.jelly names " + function).contains("<code>" + function + "</code>");
        }
    }

    /** The README's steps table (its rows {@code | `name` | status | does |}) has a row for every step and no other. */
    @Test
    void theReadmesStepsTableListsExactlyTheSteps() throws Exception {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| step | status |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable && !line.startsWith("|---")) {
                rows.add(line.split("\\|")[1].strip().replace("`", ""));
            }
        }
        List<String> functions = new ArrayList<>();
        for (Class<?> step : stepClasses()) {
            functions.add((String) step.getField("FUNCTION_NAME").get(null));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(functions).hasSizeGreaterThanOrEqualTo(5);
    }

    private static boolean structsKnows(Type type) {
        if (type instanceof Class<?> c) {
            return true;
        }
        return type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw) && structsKnows(p.getActualTypeArguments()[0]);
    }

    private static List<Class<?>> stepClasses() throws Exception {
        Path dir = Path.of(BuildHubImageStep.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/jenkins/plugins/hubdeploy/steps");
        List<Class<?>> steps = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> c = Class.forName("io.jenkins.plugins.hubdeploy.steps." + name.replace(".class", ""));
                    if (Step.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                        steps.add(c);
                    }
                }
            }
        }
        return steps;
    }

    private static Map<String, Object> args(String key, Object value) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(key, value);
        return args;
    }
}
