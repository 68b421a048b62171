package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import groovy.lang.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared-library variable {@code vars/hubPipeline.groovy}, interpreted by JenkinsPipelineUnit for every event of
 * a multibranch job: Jenkins itself is simulated (the steps are recorded by {@link PipelineSteps}, not run), the
 * Groovy script and its branch rules are real.
 */
class HubPipelineVarTest extends BasePipelineTest {
    private static final Map<String, Object> SETTINGS = Map.of(
            "deployment", "datahub", "registryCredentialsId", "registry-push",
            "kubeconfigCredentialsId", "staging-kube", "previewKubeconfigCredentialsId", "staging-read",
            "prodKubeconfigCredentialsId", "prod-kube", "hubTokenCredentialsId", "staging-hub-token",
            "prodHubTokenCredentialsId", "prod-hub-token", "gitCredentialsId", "github-app");
    private static final String COMMON = "deployment: datahub, dir: .";
    private final PipelineSteps steps = new PipelineSteps();

    @BeforeEach
    void setUpPipeline() throws Exception {
        super.setUp();
        steps.register(getHelper());
    }

    @Test
    void pullRequestIntoStagingBuildsWithoutPushingAndRunsThePreflightWithTheReadOnlyKubeconfig() {
        Object result = run(Map.of("CHANGE_ID", "42", "BRANCH_NAME", "PR-42", "CHANGE_TARGET", "staging"), SETTINGS);
        assertThat(steps.product()).containsExactly(
                "buildHubImage(" + COMMON + ", push: false, changedSince: origin/staging)",
                "withKubeConfig(staging-read)",
                "helmDeployStaging(" + COMMON + ", env: staging, dryRun: true, changed: true)");
        assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("event", "pullRequest").containsEntry("pushed", false).containsEntry("smoke", null);
        assertThat(echoes()).anyMatch(line -> line.contains("preflight of datahub-staging: 1 values change(s)"))
                .anyMatch(line -> line.contains("image registry.example.org/datahub/user-image:h0123456789abcdef0123:"
                        + " built here (not pushed)"));
    }

    @Test
    void aPullRequestThatChangesNothingDeployedSaysSo() {
        steps.unchanged = true;
        run(Map.of("CHANGE_ID", "44", "BRANCH_NAME", "PR-44", "CHANGE_TARGET", "staging"), SETTINGS);
        assertThat(echoes()).anyMatch(line -> line.contains("nothing to deploy: no input changed since abc123"))
                .anyMatch(line -> line.contains("deploy: nothing changed (no input changed since abc123)"))
                .anyMatch(line -> line.contains("images: nothing to build (no input changed since origin/staging"));
    }

    @Test
    void aPullRequestComparesWithItsTargetBranchInTheRepositoryDirectoryAndBuildsEverythingWithoutIt() {
        run(Map.of("CHANGE_ID", "45", "BRANCH_NAME", "PR-45", "CHANGE_TARGET", "staging"), with(SETTINGS, "dir", "hub-repo"));
        assertThat(steps.calls).containsSubsequence("dir(hub-repo)",
                "sh(git rev-parse --verify --quiet \"origin/$CHANGE_TARGET^{commit}\" >/dev/null)",
                "buildHubImage(deployment: datahub, dir: hub-repo, push: false, changedSince: origin/staging)");

        steps.calls.clear();
        steps.targetBranchProbe = 1; // GitHub Branch Source's "head" strategy fetches no origin/<target>
        run(Map.of("CHANGE_ID", "46", "BRANCH_NAME", "PR-46", "CHANGE_TARGET", "staging"), SETTINGS);
        assertThat(steps.of("buildHubImage")).containsExactly("buildHubImage(" + COMMON + ", push: false)");
        assertThat(echoes()).anyMatch(line -> line.contains("origin/staging is not in this clone")
                && line.contains("building every deployment"));

        steps.calls.clear();
        steps.targetBranchProbe = 127;
        run(Map.of("CHANGE_ID", "47", "BRANCH_NAME", "PR-47", "CHANGE_TARGET", "staging"), SETTINGS);
        assertThat(steps.of("buildHubImage")).containsExactly("buildHubImage(" + COMMON + ", push: false)");
        assertThat(echoes()).anyMatch(line -> line.contains("no git here: building every deployment"));
    }

    @Test
    void pushToStagingWithAPassingSmokeTestRecordsEvidenceAndOpensThePromotionPullRequest() {
        Object result = run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "deployTimeout", "45m"));
        assertThat(steps.product()).containsExactly(
                "buildHubImage(" + COMMON + ", push: true, credentialsId: registry-push)",
                "withKubeConfig(staging-kube)",
                "helmDeployStaging(" + COMMON + ", env: staging, timeout: 45m, changed: true)",
                "runHubSmokeTests(" + COMMON + ", env: staging, credentialsId: staging-hub-token)",
                "promoteToProd(" + COMMON + ", gitCredentialsId: github-app, mode: record)",
                "promoteToProd(" + COMMON + ", gitCredentialsId: github-app, mode: pullRequest)");
        assertThat(steps.of("junit")).containsExactly("junit(allowEmptyResults: true, testResults: hubdeploy-smoke.xml)");
        assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("evidence", "promotion").containsEntry("pushed", true);
    }

    @Test
    void pushToStagingWithAFailingSmokeTestRecordsTheFailurePublishesTheReportAndNeverOpensAPromotion() {
        steps.failing.add("runHubSmokeTests");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), SETTINGS))
                .hasStackTraceContaining("1 of 1 deployment(s) failed");
        assertThat(steps.of("promoteToProd")).containsExactly(
                "promoteToProd(" + COMMON + ", gitCredentialsId: github-app, mode: record)");
        assertThat(steps.of("junit")).hasSize(1);
        assertThat(echoes()).anyMatch(line -> line.contains("staging failure recorded: promoteToProd record refused"))
                .anyMatch(line -> line.contains("datahub FAILED: smoke: 1 of 9 checks failed"));
        assertThat(steps.of("promoteToProd")).as("revertOnFailure is false by default").hasSize(1);
    }

    @Test
    void withRevertOnFailureAFailedSmokeTestIsRecordedThenTheRevertPullRequestIsOpened() {
        steps.failing.add("runHubSmokeTests");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "revertOnFailure", true)))
                .hasStackTraceContaining("1 of 1 deployment(s) failed");
        assertThat(steps.of("promoteToProd")).containsExactly(
                "promoteToProd(" + COMMON + ", gitCredentialsId: github-app, mode: record)",
                "promoteToProd(" + COMMON + ", gitCredentialsId: github-app, mode: revert)");
        assertThat(echoes()).anyMatch(line -> line.contains("revert pull request: https://github.com/o/r/pull/12"))
                .anyMatch(line -> line.contains("datahub FAILED: smoke: 1 of 9 checks failed"));
    }

    @Test
    void aRevertThatCannotBeOpenedIsLoggedAndTheBuildFailsWithTheSmokeFailure() {
        steps.failing.add("runHubSmokeTests");
        steps.failing.add("promoteToProd:revert");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "revertOnFailure", true)))
                .hasStackTraceContaining("1 of 1 deployment(s) failed");
        assertThat(echoes()).anyMatch(line -> line.contains("no revert pull request: promoteToProd revert refused"))
                .anyMatch(line -> line.contains("datahub FAILED: smoke: 1 of 9 checks failed"));
    }

    @Test
    void withRevertOnFailureAPassingSmokeTestNeverRevertsAndWithoutPromoteItIsRefused() {
        run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "revertOnFailure", true));
        assertThat(steps.of("promoteToProd")).noneMatch(call -> call.contains("mode: revert")).hasSize(2);
        steps.calls.clear();
        Map<String, Object> noPromote = with(with(SETTINGS, "revertOnFailure", true), "promote", false);
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), noPromote))
                .hasStackTraceContaining("revertOnFailure needs promote: true");
        assertThat(steps.calls).isEmpty();
    }

    @Test
    void promotionAndSmokeTestCanBeTurnedOff() {
        run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "promote", false));
        assertThat(steps.of("promoteToProd")).isEmpty();
        assertThat(steps.of("runHubSmokeTests")).hasSize(1);
        steps.calls.clear();
        run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "smokeTest", false));
        assertThat(steps.of("runHubSmokeTests")).isEmpty();
        assertThat(steps.of("promoteToProd")).as("nothing untested is ever promotable").isEmpty();
    }

    @Test
    void pullRequestIntoProdFromStagingRunsTheCheck() {
        run(Map.of("CHANGE_ID", "50", "BRANCH_NAME", "PR-50", "CHANGE_TARGET", "prod", "CHANGE_BRANCH", "staging"),
                with(SETTINGS, "maxEvidenceAge", "36h"));
        assertThat(steps.product()).containsExactly(
                "promoteToProd(" + COMMON + ", mode: check, maxEvidenceAge: 36h, gitCredentialsId: github-app)");
    }

    @Test
    void pullRequestIntoProdFromAnotherBranchFailsWithTheChecksRefusal() {
        steps.failing.add("promoteToProd:check");
        assertThatThrownBy(() -> run(Map.of("CHANGE_ID", "51", "BRANCH_NAME", "PR-51", "CHANGE_TARGET", "prod",
                "CHANGE_BRANCH", "hotfix"), SETTINGS)).hasStackTraceContaining("deployment(s) failed");
        assertThat(steps.product()).containsExactly(
                "promoteToProd(" + COMMON + ", mode: check, gitCredentialsId: github-app)");
        assertThat(steps.of("buildHubImage")).isEmpty();
    }

    @Test
    void pushToProdDeploysWhatPassedOnStagingInsideTheProdKubeconfig() {
        run(Map.of("BRANCH_NAME", "prod"), SETTINGS);
        assertThat(steps.product()).containsExactly(
                "withKubeConfig(prod-kube)",
                "promoteToProd(" + COMMON + ", mode: deploy, gitCredentialsId: github-app, credentialsId: registry-push,"
                        + " hubCredentialsId: prod-hub-token)");
    }

    @Test
    void prodHubUrlIsThePromotionsHubUrlInTheProdDeploy() {
        run(Map.of("BRANCH_NAME", "prod"), with(SETTINGS, "prodHubUrl", "https://datahub.berkeley.edu"));
        assertThat(steps.product()).containsExactly(
                "withKubeConfig(prod-kube)",
                "promoteToProd(" + COMMON + ", mode: deploy, gitCredentialsId: github-app, credentialsId: registry-push,"
                        + " hubCredentialsId: prod-hub-token, hubUrl: https://datahub.berkeley.edu)");
        steps.calls.clear();
        run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "prodHubUrl", "https://datahub.berkeley.edu"));
        assertThat(steps.calls.toString()).doesNotContain("hubUrl");
    }

    @Test
    void severalDeploymentsTakeTheirProdHubUrlFromAMapAndOneUrlIsRefused() {
        Map<String, Object> settings = new LinkedHashMap<>(SETTINGS);
        settings.remove("deployment");
        settings.put("deployments", "data8,data100");
        settings.put("prodHubUrl", Map.of("data8", "https://data8.datahub.berkeley.edu"));
        run(Map.of("BRANCH_NAME", "prod"), settings);
        assertThat(steps.of("promoteToProd")).containsExactly(
                "promoteToProd(deployment: data8, dir: ., mode: deploy, gitCredentialsId: github-app,"
                        + " credentialsId: registry-push, hubCredentialsId: prod-hub-token,"
                        + " hubUrl: https://data8.datahub.berkeley.edu)",
                "promoteToProd(deployment: data100, dir: ., mode: deploy, gitCredentialsId: github-app,"
                        + " credentialsId: registry-push, hubCredentialsId: prod-hub-token)");

        steps.calls.clear();
        settings.put("prodHubUrl", "https://datahub.berkeley.edu");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "prod"), settings))
                .hasStackTraceContaining("prodHubUrl is one hub's URL but 2 deployments are listed; give a map");
        assertThat(steps.of("promoteToProd")).isEmpty();
    }

    @Test
    void forkPullRequestsGetNoCredentialAndNeverDeploy() {
        run(Map.of("CHANGE_ID", "60", "BRANCH_NAME", "PR-60", "CHANGE_TARGET", "staging", "CHANGE_FORK", "someone"),
                SETTINGS);
        assertThat(steps.product()).containsExactly("buildHubImage(" + COMMON + ", push: false, changedSince: origin/staging)");
        steps.calls.clear();
        run(Map.of("CHANGE_ID", "61", "BRANCH_NAME", "PR-61", "CHANGE_TARGET", "prod", "CHANGE_FORK", "someone"),
                SETTINGS);
        assertThat(steps.product()).containsExactly("promoteToProd(" + COMMON + ", mode: check)");
    }

    @Test
    void anyOtherBranchOnlyBuildsAndNeverPushes() {
        run(Map.of("BRANCH_NAME", "feature/new-package"), SETTINGS);
        assertThat(steps.product()).containsExactly("buildHubImage(" + COMMON + ", push: false)");
        assertThat(steps.of("sh")).as("no target branch to compare with").isEmpty();
    }

    @Test
    void aRenamedProdBranchIsHonoured() {
        run(Map.of("BRANCH_NAME", "live"), with(SETTINGS, "prodBranch", "live"));
        assertThat(steps.of("promoteToProd")).hasSize(1).allMatch(call -> call.contains("mode: deploy"));
    }

    @Test
    void severalDeploymentsRunIsolatedWithOwnSmokeReportsAndOneSummary() {
        Map<String, Object> settings = new LinkedHashMap<>(SETTINGS);
        settings.remove("deployment");
        settings.put("deployments", "datahub, data100");
        steps.failing.add("helmDeployStaging");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), settings))
                .hasStackTraceContaining("2 of 2 deployment(s) failed: datahub, data100");
        assertThat(steps.of("buildHubImage")).extracting(call -> call.substring(0, call.indexOf(',')))
                .containsExactly("buildHubImage(deployment: datahub", "buildHubImage(deployment: data100");

        steps.failing.clear();
        steps.calls.clear();
        run(Map.of("BRANCH_NAME", "staging"), settings);
        assertThat(steps.of("runHubSmokeTests")).containsExactly(
                "runHubSmokeTests(deployment: datahub, dir: ., junit: hubdeploy-smoke-datahub.xml,"
                        + " report: hubdeploy-smoke-datahub.json, env: staging, credentialsId: staging-hub-token)",
                "runHubSmokeTests(deployment: data100, dir: ., junit: hubdeploy-smoke-data100.xml,"
                        + " report: hubdeploy-smoke-data100.json, env: staging, credentialsId: staging-hub-token)");
        assertThat(steps.of("promoteToProd")).filteredOn(call -> call.contains("mode: record"))
                .allMatch(call -> call.contains("smokeReport: hubdeploy-smoke-" + call.split("deployment: |,")[1] + ".json"));
        assertThat(echoes()).anyMatch(line -> line.contains("hubPipeline summary:") && line.contains("data100"));
    }

    @Test
    void withSeveralDeploymentsTheUnchangedOneIsNotTestedItsEvidenceIsCarriedOverAndBothArePromoted() {
        Map<String, Object> settings = new LinkedHashMap<>(SETTINGS);
        settings.remove("deployment");
        settings.put("deployments", "data8,data100");
        steps.unchangedDeployments.add("data100");

        Object result = run(Map.of("BRANCH_NAME", "staging"), settings);

        assertThat(steps.of("helmDeployStaging")).hasSize(2).allMatch(call -> call.endsWith("changed: true)"));
        assertThat(steps.of("runHubSmokeTests")).hasSize(1).allMatch(call -> call.contains("deployment: data8,"));
        assertThat(steps.product()).containsSubsequence(
                "helmDeployStaging(deployment: data100, dir: ., env: staging, changed: true)",
                "withKubeConfig(staging-kube)",
                "promoteToProd(deployment: data100, dir: ., gitCredentialsId: github-app, mode: record)",
                "promoteToProd(deployment: data100, dir: ., gitCredentialsId: github-app, mode: pullRequest)");
        assertThat(steps.of("promoteToProd")).filteredOn(call -> call.contains("data100"))
                .as("no smoke report for the one not tested").noneMatch(call -> call.contains("smokeReport"));
        assertThat(steps.of("promoteToProd")).filteredOn(call -> call.contains("data8")).hasSize(2);
        assertThat(echoes()).anyMatch(line -> line.contains("hubPipeline summary:")
                && line.contains("data8") && line.contains("smoke passed, promotion PR open")
                && line.contains("data100") && line.contains("unchanged on staging, evidence carried over from abc123"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> deployments = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) result).get("deployments");
        assertThat(deployments.get("data100")).containsKeys("evidence", "promotion").containsEntry("smoke", null);
    }

    @Test
    void theSmokeReportIsPublishedFromTheRepositoryDirectory() {
        run(Map.of("BRANCH_NAME", "staging"), with(SETTINGS, "dir", "hub-repo"));
        assertThat(steps.of("junit")).containsExactly("junit(allowEmptyResults: true, testResults: hub-repo/hubdeploy-smoke.xml)");
    }

    @Test
    void unknownOptionFailsNamingTheKnownOnes() {
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), Map.of("deploymnet", "datahub")))
                .hasStackTraceContaining("unknown option(s) [deploymnet]")
                .hasStackTraceContaining("deployment");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), Map.of("deployment", "a", "deployments", "b")))
                .hasStackTraceContaining("deployment or deployments, not both");
        assertThatThrownBy(() -> run(Map.of("BRANCH_NAME", "staging"), Map.of("deployments", "all")))
                .hasStackTraceContaining("deployments: 'all' is not supported here; list them");
        assertThat(steps.calls).isEmpty();
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.put(key, value);
        return out;
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
}
