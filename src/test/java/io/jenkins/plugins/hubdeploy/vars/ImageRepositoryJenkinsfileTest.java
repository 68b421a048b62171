package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image repository's Jenkinsfile as the README shows it (DataHub's split: each user image in its own repository,
 * the deployment repository pins it), run like {@link JenkinsfileExampleTest} runs {@code Jenkinsfile.example}: the
 * Groovy is the README's, Declarative is {@link DeclarativeSimulator}, the steps are recorded by {@link PipelineSteps}.
 */
class ImageRepositoryJenkinsfileTest extends BasePipelineTest {
    private static final Pattern BLOCK = Pattern.compile(
            "(?s)The image repository's `Jenkinsfile`[^\\n]*\\n\\n```groovy\\n(.*?)```");
    private final PipelineSteps steps = new PipelineSteps();
    private final Map<String, Object> env = new HashMap<>();
    private DeclarativeSimulator pipeline;

    @BeforeEach
    void setUpPipeline() throws Exception {
        super.setUp();
        pipeline = new DeclarativeSimulator(env);
        pipeline.register(getHelper());
        steps.register(getHelper());
        // "agent any": the one piece of Declarative this file uses that Jenkinsfile.example does not
        getHelper().registerAllowedMethod(com.lesfurets.jenkins.unit.MethodSignature.method("agent", String.class),
                (java.util.function.Function<Object, Object>) kind -> null);
    }

    @Test
    void mainBuildsAndPushesThenPinsThePushedDigestInTheDeploymentRepository() throws Exception {
        run(Map.of("BRANCH_NAME", "main"));
        assertThat(steps.product()).containsExactly(
                "buildHubImage(push: true, credentialsId: registry-push)",
                "pinHubImage(image: registry.example.org/datahub/user-image:h0123456789abcdef0123@sha256:"
                        + "a".repeat(64) + ", repositoryUrl: https://github.com/berkeley-dsep-infra/datahub.git,"
                        + " gitCredentialsId: github-app)");
        assertThat(pipeline.stagesRun).containsExactly("Image");
    }

    @Test
    void aPullRequestOnlyBuildsNeverPushesOrPins() throws Exception {
        run(Map.of("BRANCH_NAME", "PR-7", "CHANGE_ID", "7", "CHANGE_TARGET", "main"));
        assertThat(steps.product()).containsExactly("buildHubImage(push: false)");
        assertThat(pipeline.stagesRun).containsExactly("Image: pull request");
    }

    private void run(Map<String, String> event) throws Exception {
        Matcher block = BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).as("the README shows the image repository's Jenkinsfile").isTrue();
        Path file = Files.createDirectories(Path.of("target/readme-jenkinsfiles")).resolve("ImageRepository.Jenkinsfile");
        Files.writeString(file, block.group(1));
        env.putAll(event);
        getBinding().setVariable("env", env);
        getBinding().setVariable("any", "any"); // agent any
        loadScript(file.toString()).run();
    }
}
