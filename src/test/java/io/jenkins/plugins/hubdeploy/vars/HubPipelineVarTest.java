package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import com.lesfurets.jenkins.unit.MethodSignature;
import groovy.lang.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared-library variable {@code vars/hubPipeline.groovy}, interpreted by JenkinsPipelineUnit: Jenkins itself
 * is simulated (the {@code buildHubImage}, {@code echo} and {@code error} steps are recorded, not run), the Groovy
 * script and its branch rules are real.
 */
class HubPipelineVarTest extends BasePipelineTest {
    private final List<Map<String, Object>> buildCalls = new ArrayList<>();

    @BeforeEach
    void setUpPipeline() throws Exception {
        super.setUp();
        getHelper().registerAllowedMethod(MethodSignature.method("buildHubImage", Map.class),
                (java.util.function.Function<Object, Object>) args -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) args;
                    buildCalls.add(new LinkedHashMap<>(map));
                    Map<String, Object> image = new LinkedHashMap<>();
                    image.put("image", "registry.example.org/datahub/user-image:h0123456789abcdef0123");
                    image.put("built", true);
                    image.put("pushed", map.get("push"));
                    image.put("digest", null);
                    return List.of(image);
                });
        getHelper().registerAllowedMethod(MethodSignature.method("error", String.class),
                (java.util.function.Function<Object, Object>) message -> {
                    throw new IllegalStateException(String.valueOf(message));
                });
    }

    @Test
    void pullRequestBuildsWithoutPushingOrCredentials() {
        Object result = run(Map.of("CHANGE_ID", "42", "BRANCH_NAME", "PR-42"),
                Map.of("deployment", "datahub", "registryCredentialsId", "registry-push"));
        assertThat(buildCalls).containsExactly(Map.of("deployment", "datahub", "dir", ".", "push", false));
        assertThat(result).isEqualTo(Map.of("images", List.of(imageResult(false)), "pushed", false));
    }

    @Test
    void stagingAndProdPushWithTheRegistryCredential() {
        run(Map.of("BRANCH_NAME", "staging"), Map.of("registryCredentialsId", "registry-push"));
        run(Map.of("BRANCH_NAME", "live"), Map.of("prodBranch", "live", "builder", "kaniko"));
        assertThat(buildCalls).containsExactly(
                Map.of("dir", ".", "push", true, "credentialsId", "registry-push"),
                Map.of("dir", ".", "push", true, "builder", "kaniko"));
        assertThat(echoes()).anyMatch(line -> line.contains("user-image:h0123456789abcdef0123 built=true pushed=true"));
    }

    @Test
    void otherBranchesNeverPush() {
        run(Map.of("BRANCH_NAME", "feature/new-package"), Map.of("registryCredentialsId", "registry-push"));
        assertThat(buildCalls).containsExactly(Map.of("dir", ".", "push", false));
    }

    @Test
    void unknownOptionFailsNamingTheKnownOnes() {
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), Map.of("deploymnet", "datahub")))
                .hasStackTraceContaining("unknown option(s) [deploymnet]")
                .hasStackTraceContaining("deployment");
        assertThat(buildCalls).isEmpty();
    }

    private Object run(Map<String, String> env, Map<String, Object> args) {
        getBinding().setVariable("env", new HashMap<>(env));
        Script script = loadScript("vars/hubPipeline.groovy");
        return script.invokeMethod("call", new Object[] {new LinkedHashMap<>(args)});
    }

    private List<String> echoes() {
        return getHelper().getCallStack().stream()
                .filter(call -> "echo".equals(call.getMethodName()))
                .map(MethodCall::argsToString)
                .toList();
    }

    private static Map<String, Object> imageResult(boolean pushed) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("image", "registry.example.org/datahub/user-image:h0123456789abcdef0123");
        image.put("built", true);
        image.put("pushed", pushed);
        image.put("digest", null);
        return image;
    }
}
