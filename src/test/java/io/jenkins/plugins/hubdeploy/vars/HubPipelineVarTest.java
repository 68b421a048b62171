package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import com.lesfurets.jenkins.unit.MethodSignature;
import groovy.lang.Closure;
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
    private final List<Map<String, Object>> deployCalls = new ArrayList<>();
    private final List<String> kubeconfigs = new ArrayList<>();
    private final List<Map<String, Object>> smokeCalls = new ArrayList<>();
    private final List<String> published = new ArrayList<>();
    private boolean smokeFails;

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
        getHelper().registerAllowedMethod(MethodSignature.method("helmDeployStaging", Map.class),
                (java.util.function.Function<Object, Object>) args -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) args;
                    deployCalls.add(new LinkedHashMap<>(map));
                    return Map.of("release", "datahub-staging", "revision", 7, "valuesDiff", List.of("~ a: 1 -> 2"));
                });
        getHelper().registerAllowedMethod("withKubeConfig", List.of(Map.class, Closure.class),
                new Closure<Object>(this) {
                    @SuppressWarnings("unused")
                    public Object doCall(Map<String, Object> options, Closure<?> body) {
                        kubeconfigs.add(String.valueOf(options.get("credentialsId")));
                        return body.call();
                    }
                });
        getHelper().registerAllowedMethod(MethodSignature.method("runHubSmokeTests", Map.class),
                (java.util.function.Function<Object, Object>) args -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) args;
                    smokeCalls.add(new LinkedHashMap<>(map));
                    if (smokeFails) {
                        throw new IllegalStateException("smoke: 1 failed");
                    }
                    return Map.of("passed", 8, "hubVersion", "4.1.5");
                });
        getHelper().registerAllowedMethod(MethodSignature.method("junit", Map.class),
                (java.util.function.Function<Object, Object>) args -> {
                    published.add(String.valueOf(((Map<?, ?>) args).get("testResults")));
                    return null;
                });
        getHelper().registerAllowedMethod(MethodSignature.method("error", String.class),
                (java.util.function.Function<Object, Object>) message -> {
                    throw new IllegalStateException(String.valueOf(message));
                });
    }

    @Test
    void pullRequestBuildsWithoutPushingOrCredentials() {
        Object result = run(Map.of("CHANGE_ID", "42", "BRANCH_NAME", "PR-42"),
                Map.of("deployment", "datahub", "registryCredentialsId", "registry-push",
                        "kubeconfigCredentialsId", "staging-kube", "previewKubeconfigCredentialsId", "staging-read"));
        assertThat(kubeconfigs).as("a pull request's chart never gets the deploying kubeconfig")
                .containsExactly("staging-read");
        assertThat(buildCalls).containsExactly(Map.of("deployment", "datahub", "dir", ".", "push", false));
        assertThat(deployCalls).as("the preflight, never a deploy")
                .containsExactly(Map.of("deployment", "datahub", "dir", ".", "env", "staging", "dryRun", true));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("images", List.of(imageResult(false)));
        expected.put("pushed", false);
        expected.put("deploy", Map.of("release", "datahub-staging", "revision", 7, "valuesDiff", List.of("~ a: 1 -> 2")));
        expected.put("smoke", null);
        assertThat(result).isEqualTo(expected);
        assertThat(smokeCalls).as("a pull request never smoke-tests").isEmpty();
        assertThat(echoes()).anyMatch(line -> line.contains("preflight of datahub-staging: 1 values change(s)"));
    }

    @Test
    void stagingDeploysStagingInsideWithKubeConfigAndProdIsNeverDeployedHere() {
        run(Map.of("BRANCH_NAME", "staging"), Map.of("kubeconfigCredentialsId", "staging-kube", "deployTimeout", "45m"));
        assertThat(kubeconfigs).containsExactly("staging-kube");
        assertThat(deployCalls).containsExactly(Map.of("dir", ".", "env", "staging", "dryRun", false, "timeout", "45m"));
        assertThat(echoes()).anyMatch(line -> line.contains("deployed datahub-staging revision 7"));
        assertThat(smokeCalls).containsExactly(Map.of("dir", ".", "env", "staging"));
        assertThat(published).containsExactly("hubdeploy-smoke.xml");

        deployCalls.clear();
        smokeCalls.clear();
        run(Map.of("BRANCH_NAME", "prod"), Map.of("kubeconfigCredentialsId", "staging-kube"));
        assertThat(deployCalls).isEmpty();
        assertThat(smokeCalls).isEmpty();
        assertThat(buildCalls.get(buildCalls.size() - 1)).containsEntry("push", true);
    }

    @Test
    void theSmokeReportIsPublishedFromTheRepositoryDirectory() {
        run(Map.of("BRANCH_NAME", "staging"), Map.of("dir", "hub-repo"));
        assertThat(smokeCalls).containsExactly(Map.of("dir", "hub-repo", "env", "staging"));
        assertThat(published).containsExactly("hub-repo/hubdeploy-smoke.xml");
    }

    @Test
    void aFailingStagingSmokeTestStillPublishesItsReportAndFailsTheBuild() {
        smokeFails = true;
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"),
                Map.of("hubTokenCredentialsId", "staging-hub-token")))
                .hasStackTraceContaining("smoke: 1 failed");
        assertThat(smokeCalls).containsExactly(Map.of("dir", ".", "env", "staging", "credentialsId", "staging-hub-token"));
        assertThat(published).containsExactly("hubdeploy-smoke.xml");
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
        assertThat(deployCalls).isEmpty();
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
