package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code Jenkinsfile.example} run for every event a GitHub Branch Source multibranch job gives it: the Groovy is the
 * real file, Declarative Pipeline is {@link DeclarativeSimulator} and the steps are {@link PipelineSteps} (recorded,
 * not run: no Jenkins here). Each test asserts exactly which steps run, in which order, with which arguments.
 */
class JenkinsfileExampleTest extends BasePipelineTest {
    private static final String GIT = "gitCredentialsId: github-app";
    private final PipelineSteps steps = new PipelineSteps();
    private DeclarativeSimulator pipeline;
    private Map<String, Object> env;

    @BeforeEach
    void setUpPipeline() throws Exception {
        super.setUp();
        env = new HashMap<>();
        pipeline = new DeclarativeSimulator(env);
        pipeline.register(getHelper());
        steps.register(getHelper());
    }

    @Test
    void isValidGroovy() throws Exception {
        String text = Files.readString(Path.of("Jenkinsfile.example"));
        assertThatCode(() -> new GroovyShell().parse(text, "Jenkinsfile_example")).doesNotThrowAnyException();
    }

    @Test
    void pullRequestIntoStagingBuildsWithoutPushingAndRunsThePreflightWithTheReadOnlyKubeconfig() {
        run(Map.of("BRANCH_NAME", "PR-42", "CHANGE_ID", "42", "CHANGE_TARGET", "staging", "CHANGE_BRANCH", "new-pkg"));
        assertThat(steps.product()).containsExactly(
                "buildHubImage(deployment: datahub, push: false, changedSince: origin/staging)",
                "withKubeConfig(staging-kubeconfig-readonly)",
                "helmDeployStaging(deployment: datahub, dryRun: true, changed: true)");
        assertThat(pipeline.stagesRun).containsExactly("Build (no push)", "Preflight and plan");
        steps.calls.clear();
        steps.unchanged = true;
        run(Map.of("BRANCH_NAME", "PR-43", "CHANGE_ID", "43", "CHANGE_TARGET", "staging"));
        assertThat(echoes()).anyMatch(line -> line.contains("plan for datahub: nothing to deploy (no input changed since abc123)"));
        assertThat(echoes()).anyMatch(line -> line.contains("plan for datahub-staging: 1 values change(s)"));
        assertThat(echoes()).anyMatch(line -> line.contains(
                "datahub: nothing to build (no input changed since origin/staging (abc123))"));
    }

    @Test
    void aPullRequestBuildsOnlyWhatItChangesComparedWithItsTargetBranchWhenTheCloneHasIt() {
        // GitHub Branch Source's merge strategy (its default) fetches the target branch as origin/<target>
        run(Map.of("BRANCH_NAME", "PR-45", "CHANGE_ID", "45", "CHANGE_TARGET", "staging"), "data8,data100");
        assertThat(steps.calls.get(0)).as("probed once, before the first build")
                .isEqualTo("sh(git rev-parse --verify --quiet \"origin/$CHANGE_TARGET^{commit}\" >/dev/null)");
        assertThat(steps.of("sh")).hasSize(1);
        assertThat(steps.of("buildHubImage")).containsExactly(
                "buildHubImage(deployment: data8, push: false, changedSince: origin/staging)",
                "buildHubImage(deployment: data100, push: false, changedSince: origin/staging)");
    }

    @Test
    void withoutTheTargetBranchInTheCloneOrWithoutGitAPullRequestBuildsEveryDeploymentAndSaysWhy() {
        steps.targetBranchProbe = 1; // the "head" strategy fetches only the pull request's own ref
        run(Map.of("BRANCH_NAME", "PR-46", "CHANGE_ID", "46", "CHANGE_TARGET", "staging"));
        assertThat(steps.of("buildHubImage")).containsExactly("buildHubImage(deployment: datahub, push: false)");
        assertThat(echoes()).anyMatch(line -> line.contains("origin/staging is not in this clone")
                && line.contains("building every deployment"));

        steps.calls.clear();
        steps.targetBranchProbe = 127; // the pod template's buildah container has no git
        run(Map.of("BRANCH_NAME", "PR-47", "CHANGE_ID", "47", "CHANGE_TARGET", "staging"), Map.of("K8S_AGENT", "true"));
        assertThat(steps.calls).containsSubsequence("container(buildah)", "sh(git rev-parse --verify --quiet"
                + " \"origin/$CHANGE_TARGET^{commit}\" >/dev/null)", "container(buildah)",
                "buildHubImage(deployment: datahub, push: false)");
        assertThat(echoes()).anyMatch(line -> line.contains("no git where the images are built: building every deployment"));
    }

    @Test
    void pushToStagingWithAPassingSmokeTestRecordsEvidenceAndOpensThePromotionPullRequest() {
        run(Map.of("BRANCH_NAME", "staging"));
        assertThat(steps.product()).containsExactly(
                "buildHubImage(deployment: datahub, push: true, credentialsId: registry-push)",
                "withKubeConfig(staging-kubeconfig)",
                "helmDeployStaging(deployment: datahub, credentialsId: registry-push, changed: true)",
                "runHubSmokeTests(deployment: datahub, env: staging, credentialsId: staging-hub-token, attempts: 2,"
                        + " junit: hubdeploy-smoke-datahub.xml, report: hubdeploy-smoke-datahub.json)",
                "withKubeConfig(staging-kubeconfig)",
                "promoteToProd(mode: record, deployment: datahub, " + GIT + ", smokeReport: hubdeploy-smoke-datahub.json)",
                "promoteToProd(mode: pullRequest, deployment: datahub, " + GIT + ")");
        assertThat(steps.of("junit")).containsExactly("junit(allowEmptyResults: true, testResults: hubdeploy-smoke*.xml)");
        assertThat(echoes()).anyMatch(line -> line.contains("promotion pull request: https://github.com/o/r/pull/12"));
    }

    @Test
    void pushToStagingWithAFailingSmokeTestRecordsTheFailureAndNeverOpensAPromotion() {
        steps.failing.add("runHubSmokeTests");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"))).hasMessageContaining("smoke: 1 of 9 checks failed");
        assertThat(steps.product()).containsExactly(
                "buildHubImage(deployment: datahub, push: true, credentialsId: registry-push)",
                "withKubeConfig(staging-kubeconfig)",
                "helmDeployStaging(deployment: datahub, credentialsId: registry-push, changed: true)",
                "runHubSmokeTests(deployment: datahub, env: staging, credentialsId: staging-hub-token, attempts: 2,"
                        + " junit: hubdeploy-smoke-datahub.xml, report: hubdeploy-smoke-datahub.json)",
                "promoteToProd(mode: record, deployment: datahub, " + GIT + ", smokeReport: hubdeploy-smoke-datahub.json)");
        assertThat(steps.of("junit")).as("the JUnit report is published also when the smoke test fails").hasSize(1);
        assertThat(steps.calls).contains("catchError(promoteToProd record refused)");
        assertThat(pipeline.stagesSkipped).contains("Staging: evidence and promotion pull request");
        assertThat(steps.of("promoteToProd")).as("REVERT_ON_FAILURE is 'false' in the file: no revert")
                .noneMatch(call -> call.contains("mode: revert"));
    }

    @Test
    void withRevertOnFailureAFailedSmokeTestIsRecordedThenARevertPullRequestIsOpened() {
        steps.failing.add("runHubSmokeTests");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), Map.of("REVERT_ON_FAILURE", "true")))
                .hasMessageContaining("smoke: 1 of 9 checks failed");
        assertThat(steps.of("promoteToProd")).containsExactly(
                "promoteToProd(mode: record, deployment: datahub, " + GIT + ", smokeReport: hubdeploy-smoke-datahub.json)",
                "promoteToProd(mode: revert, deployment: datahub, " + GIT + ", smokeReport: hubdeploy-smoke-datahub.json)");
        assertThat(echoes()).anyMatch(line -> line.contains("revert pull request: https://github.com/o/r/pull/12"));
        assertThat(pipeline.stagesSkipped).contains("Staging: evidence and promotion pull request");
    }

    @Test
    void withRevertOnFailureAPassingSmokeTestNeverReverts() {
        run(Map.of("BRANCH_NAME", "staging"), Map.of("REVERT_ON_FAILURE", "true"));
        assertThat(steps.of("promoteToProd")).extracting(call -> call.replaceAll(",.*", ""))
                .containsExactly("promoteToProd(mode: record", "promoteToProd(mode: pullRequest");
    }

    @Test
    void withRevertOnFailureOnlyTheFailedDeploymentsRevertAndARefusedRevertStopsNoOther() {
        getHelper().registerAllowedMethod(com.lesfurets.jenkins.unit.MethodSignature.method("runHubSmokeTests", Map.class),
                (java.util.function.Function<Object, Object>) raw -> {
                    Map<?, ?> args = (Map<?, ?>) raw;
                    steps.calls.add("runHubSmokeTests(" + args.get("deployment") + ")");
                    if (!"datahub".equals(args.get("deployment"))) {
                        throw new IllegalStateException(args.get("deployment") + " smoke failed");
                    }
                    return Map.of("passed", 9, "hubVersion", "5.2.1");
                });
        getHelper().registerAllowedMethod(com.lesfurets.jenkins.unit.MethodSignature.method("promoteToProd", Map.class),
                (java.util.function.Function<Object, Object>) raw -> {
                    Map<?, ?> args = (Map<?, ?>) raw;
                    steps.calls.add("promoteToProd(" + args.get("mode") + ", " + args.get("deployment") + ")");
                    boolean failedHub = !"datahub".equals(args.get("deployment"));
                    if ("record".equals(args.get("mode")) && failedHub) {
                        throw new IllegalStateException("record: " + args.get("deployment") + " failed");
                    }
                    if ("revert".equals(args.get("mode")) && "data100".equals(args.get("deployment"))) {
                        throw new IllegalStateException("revert refused: conflicts");
                    }
                    return Map.of("mode", args.get("mode"), "pullRequest", Map.of("url", "https://github.com/o/r/pull/40"));
                });
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"),
                Map.of("HUBS", "datahub,data100,data8", "REVERT_ON_FAILURE", "true")))
                .hasMessageContaining("2 of 3 deployment(s) failed: data100, data8");
        assertThat(steps.of("promoteToProd")).containsExactly(
                "promoteToProd(record, datahub)",
                "promoteToProd(record, data100)", "promoteToProd(revert, data100)",
                "promoteToProd(record, data8)", "promoteToProd(revert, data8)");
        assertThat(steps.calls).contains("catchError(revert refused: conflicts)");
    }

    @Test
    void aFailedStagingDeployNeverSmokeTestsOrPromotes() {
        steps.failing.add("helmDeployStaging");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"))).hasMessageContaining("helmDeployStaging failed");
        assertThat(steps.of("runHubSmokeTests")).isEmpty();
        assertThat(steps.of("promoteToProd")).isEmpty();
    }

    @Test
    void pullRequestIntoProdFromStagingRunsTheCheckWithTheGitCredential() {
        run(Map.of("BRANCH_NAME", "PR-50", "CHANGE_ID", "50", "CHANGE_TARGET", "prod", "CHANGE_BRANCH", "staging"));
        assertThat(steps.product()).containsExactly("promoteToProd(mode: check, deployment: datahub, " + GIT + ")");
        assertThat(pipeline.stagesRun).containsExactly("Promotion check");
    }

    @Test
    void pullRequestIntoProdFromAnotherBranchRunsTheSameCheckWhichRefusesIt() {
        // the check itself refuses a source other than staging (BranchGuard / CheckMode); the pipeline only runs it
        steps.failing.add("promoteToProd:check");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "PR-51", "CHANGE_ID", "51", "CHANGE_TARGET", "prod",
                "CHANGE_BRANCH", "hotfix"))).hasMessageContaining("promoteToProd check refused");
        assertThat(steps.product()).containsExactly("promoteToProd(mode: check, deployment: datahub, " + GIT + ")");
    }

    @Test
    void pushToProdDeploysWhatPassedOnStagingWithTheProdKubeconfig() {
        run(Map.of("BRANCH_NAME", "prod"));
        assertThat(steps.product()).containsExactly(
                "withKubeConfig(prod-kubeconfig)",
                "promoteToProd(mode: deploy, deployment: datahub, " + GIT + ", credentialsId: registry-push,"
                        + " hubCredentialsId: prod-hub-token)");
        assertThat(steps.of("buildHubImage")).as("prod never builds: it gets the digests tested on staging").isEmpty();
        assertThat(steps.of("junit")).hasSize(1);
    }

    @Test
    void forkPullRequestsGetNoCredentialAndNoPreflight() {
        run(Map.of("BRANCH_NAME", "PR-60", "CHANGE_ID", "60", "CHANGE_TARGET", "staging", "CHANGE_FORK", "someone"));
        assertThat(steps.product()).containsExactly(
                "buildHubImage(deployment: datahub, push: false, changedSince: origin/staging)");

        steps.calls.clear();
        run(Map.of("BRANCH_NAME", "PR-61", "CHANGE_ID", "61", "CHANGE_TARGET", "prod", "CHANGE_FORK", "someone"));
        assertThat(steps.product()).as("the check runs without the git credential (and refuses the fork itself)")
                .containsExactly("promoteToProd(mode: check, deployment: datahub)");
        assertThat(String.join("\n", steps.calls)).doesNotContain("Credentials").doesNotContain("kubeconfig");
    }

    @Test
    void anyOtherBranchOnlyBuilds() {
        run(Map.of("BRANCH_NAME", "feature/new-package"));
        assertThat(steps.product()).containsExactly("buildHubImage(deployment: datahub, push: false)");
        assertThat(steps.of("sh")).as("no target branch to compare with").isEmpty();
        assertThat(pipeline.stagesRun).containsExactly("Build (no push)");
    }

    @Test
    void severalDeploymentsAreEachDeployedTestedAndPromotedAndOneFailingDoesNotStopTheOthers() {
        getHelper().registerAllowedMethod(com.lesfurets.jenkins.unit.MethodSignature.method("runHubSmokeTests", Map.class),
                (java.util.function.Function<Object, Object>) raw -> {
                    Map<?, ?> args = (Map<?, ?>) raw;
                    steps.calls.add("runHubSmokeTests(" + args.get("deployment") + ")");
                    if ("data100".equals(args.get("deployment"))) {
                        throw new IllegalStateException("data100 smoke failed");
                    }
                    return Map.of("passed", 9, "hubVersion", "5.2.1");
                });
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), "datahub, data100,data8"))
                .hasMessageContaining("1 of 3 deployment(s) failed: data100");
        assertThat(steps.of("runHubSmokeTests")).containsExactly("runHubSmokeTests(datahub)",
                "runHubSmokeTests(data100)", "runHubSmokeTests(data8)");
        assertThat(steps.of("helmDeployStaging")).hasSize(3);
        assertThat(steps.of("promoteToProd")).as("every deployment's result is recorded; no promotion PR")
                .extracting(call -> call.replaceAll(", gitCredentialsId.*", ""))
                .containsExactly("promoteToProd(mode: record, deployment: datahub",
                        "promoteToProd(mode: record, deployment: data100",
                        "promoteToProd(mode: record, deployment: data8");
    }

    @Test
    void withSeveralDeploymentsOnlyTheChangedOneIsDeployedAndTestedAndTheUnchangedOnesEvidenceIsCarriedOver() {
        steps.unchangedDeployments.add("data100");
        run(Map.of("BRANCH_NAME", "staging"), "data8,data100");
        assertThat(steps.of("helmDeployStaging")).containsExactly(
                "helmDeployStaging(deployment: data8, credentialsId: registry-push, changed: true)",
                "helmDeployStaging(deployment: data100, credentialsId: registry-push, changed: true)");
        assertThat(steps.of("runHubSmokeTests")).as("only what was deployed is smoke-tested").hasSize(1)
                .allMatch(call -> call.startsWith("runHubSmokeTests(deployment: data8,"));
        assertThat(steps.of("promoteToProd")).as("both are recorded (data100 by carry-over) and promoted").containsExactly(
                "promoteToProd(mode: record, deployment: data8, " + GIT + ", smokeReport: hubdeploy-smoke-data8.json)",
                "promoteToProd(mode: pullRequest, deployment: data8, " + GIT + ")",
                "promoteToProd(mode: record, deployment: data100, " + GIT + ", smokeReport: hubdeploy-smoke-data100.json)",
                "promoteToProd(mode: pullRequest, deployment: data100, " + GIT + ")");
        assertThat(steps.calls.get(steps.calls.indexOf(steps.of("promoteToProd").get(0)) - 1))
                .as("record runs with the staging kubeconfig: the engine asks the cluster what is live")
                .isEqualTo("withKubeConfig(staging-kubeconfig)");
        assertThat(echoes()).anyMatch(line -> line.contains("data100: not deployed (no input changed since abc123)"));
        assertThat(echoes()).anyMatch(line -> line.contains("data8: deployed and smoke-tested")
                && line.contains("data100: unchanged, evidence carried over from abc123"));

        // a failing smoke test of the changed one records only its failure: the unchanged one was not tested
        steps.calls.clear();
        steps.failing.add("runHubSmokeTests");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), "data8,data100"))
                .hasMessageContaining("1 of 2 deployment(s) failed: data8");
        assertThat(steps.of("runHubSmokeTests")).hasSize(1);
        assertThat(steps.of("promoteToProd")).containsExactly(
                "promoteToProd(mode: record, deployment: data8, " + GIT + ", smokeReport: hubdeploy-smoke-data8.json)");
    }

    @Test
    void onTheKubernetesAgentBuildsRunInTheBuildahContainerAndDeploysInTheHelmContainer() {
        run(Map.of("BRANCH_NAME", "staging"), Map.of("K8S_AGENT", "true"));
        assertThat(steps.product()).containsSubsequence("container(buildah)", "buildHubImage(deployment: datahub, push: true,"
                + " credentialsId: registry-push)", "withKubeConfig(staging-kubeconfig)", "container(helm)",
                "helmDeployStaging(deployment: datahub, credentialsId: registry-push, changed: true)");
        assertThat(steps.calls.get(steps.calls.indexOf("container(buildah)") + 1)).startsWith("buildHubImage(");
        steps.calls.clear();
        run(Map.of("BRANCH_NAME", "prod"), Map.of("K8S_AGENT", "true"));
        assertThat(steps.product()).containsExactly("withKubeConfig(prod-kubeconfig)", "container(helm)",
                "promoteToProd(mode: deploy, deployment: datahub, " + GIT + ", credentialsId: registry-push,"
                        + " hubCredentialsId: prod-hub-token)");
        steps.calls.clear();
        run(Map.of("BRANCH_NAME", "prod"));
        assertThat(steps.calls).as("a labelled agent uses no container").noneMatch(c -> c.startsWith("container("));
    }

    @Test
    void optionsAndAgent() {
        run(Map.of("BRANCH_NAME", "feature/x"));
        assertThat(pipeline.options).contains("agent", "disableConcurrentBuilds")
                .anyMatch(option -> option.startsWith("timeout {time=60, unit=MINUTES}"))
                .anyMatch(option -> option.startsWith("buildDiscarder {numToKeepStr=50}"));
    }

    private void run(Map<String, String> event) {
        run(event, Map.of());
    }

    /** Runs the Jenkinsfile; hubs replaces its HUBS environment value (a repository with several deployments). */
    private void run(Map<String, String> event, String hubs) {
        run(event, hubs == null ? Map.of() : Map.of("HUBS", hubs));
    }

    /** Runs the Jenkinsfile with some of its environment block's values replaced. */
    private void run(Map<String, String> event, Map<String, String> overrides) {
        env.keySet().removeIf(key -> key.startsWith("CHANGE_") || key.equals("BRANCH_NAME"));
        env.putAll(event);
        getBinding().setVariable("env", env);
        Script script = loadScript("Jenkinsfile.example");
        // the environment block sets them from the file; this runs after it, before the first stage
        getHelper().registerAllowedMethod(com.lesfurets.jenkins.unit.MethodSignature.method("stages",
                groovy.lang.Closure.class), (java.util.function.Function<Object, Object>) body -> {
                    env.putAll(overrides);
                    return ((groovy.lang.Closure<?>) body).call();
                });
        script.run();
    }

    private List<String> echoes() {
        return getHelper().getCallStack().stream()
                .filter(call -> "echo".equals(call.getMethodName()))
                .map(com.lesfurets.jenkins.unit.MethodCall::argsToString)
                .toList();
    }
}
