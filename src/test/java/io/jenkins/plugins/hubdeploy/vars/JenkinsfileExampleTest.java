package io.jenkins.plugins.hubdeploy.vars;

import groovy.lang.GroovyShell;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Jenkinsfile.example cannot run here (no Jenkins, and JenkinsPipelineUnit 1.1 has no declarative support), so this
 * checks what can be checked without Jenkins: it is valid Groovy, and every product step it calls is one this
 * plugin ships (a {@code <Name>Step} class in the steps package), so the example never calls a step that does not
 * exist yet.
 */
class JenkinsfileExampleTest {
    private static final List<String> PRODUCT_STEPS =
            List.of("buildHubImage", "helmDeployStaging", "runHubSmokeTests", "promoteToProd");

    @Test
    void isValidGroovy() throws Exception {
        String text = Files.readString(Path.of("Jenkinsfile.example"));
        assertThatCode(() -> new GroovyShell().parse(text, "Jenkinsfile_example")).doesNotThrowAnyException();
    }

    @Test
    void callsOnlyStepsThisPluginShips() throws Exception {
        String text = Files.readString(Path.of("Jenkinsfile.example"));
        int checked = 0;
        for (String step : PRODUCT_STEPS) {
            Matcher call = Pattern.compile("(?m)^(?!\\s*//).*\\b" + step + "\\(").matcher(text);
            if (call.find()) {
                String className = "io.jenkins.plugins.hubdeploy.steps." + Character.toUpperCase(step.charAt(0))
                        + step.substring(1) + "Step";
                assertThatCode(() -> Class.forName(className)).as(step + " is called, so " + className + " must exist")
                        .doesNotThrowAnyException();
                checked++;
            }
        }
        assertThat(checked).as("the example calls at least buildHubImage and helmDeployStaging").isGreaterThanOrEqualTo(2);
    }
}
