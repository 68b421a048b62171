package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.answer;
import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Modes record, pullRequest and check with real git and the loopback GitHub API. */
class PromoteGitHubTest {
    private static final String TOKEN = "ghs_FAKE0installation0token0abcdef99";
    private static final String REPO = "/repos/datahub/hubs";

    @TempDir
    Path tmp;

    private PromoteRepos repos;
    private Path ci;
    private GitHubApiServer api;
    private final CollectingLog log = new CollectingLog();

    @BeforeEach
    void setUp() throws Exception {
        repos = PromoteRepos.create(tmp, List.of());
        ci = repos.clone("ci", "staging");
        api = GitHubApiServer.start();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("GIT_URL", "https://github.com/datahub/hubs.git",
                "BUILD_URL", "https://jenkins.example.org/job/hubs/42/"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private PromoteOptions options(PromoteMode mode, Boolean autoMerge) {
        return new PromoteOptions(mode, null, null, null, null, null, null, null, null, api.url(), autoMerge, null,
                false, false, null, null);
    }

    private Map<String, Object> run(PromoteMode mode, Map<String, String> env, Boolean autoMerge) throws Exception {
        return PromoteRepos.engine(ci, log, env, Clock.systemUTC()).run(PromoteRepos.config(ci), options(mode, autoMerge),
                new GitCredentials("x-access-token", TOKEN), TOKEN);
    }

    private String record() throws Exception {
        String commit = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 7\n");
        PromoteRepos.stagingBuild(ci, List.of(new ImageValues("127.0.0.1:5000/hub/user", "h123", "sha256:" + "0".repeat(64),
                "jupyterhub.singleuser.image")), 6, 0);
        api.on("POST " + REPO + "/statuses/" + commit, answer(201, "{\"state\":\"success\"}"));
        return commit;
    }

    @Test
    void recordSetsTheStagingStatusWithALinkToTheBuild() throws Exception {
        String commit = record();
        // images are checked only when promoting; recording trusts the deploy record's digests
        Map<String, Object> result = run(PromoteMode.RECORD, env("BRANCH_NAME", "staging"), null);

        assertThat(result.get("githubStatus")).isEqualTo("success");
        GitHubApiServer.Request status = api.requests("POST").get(0);
        assertThat(status.path()).isEqualTo(REPO + "/statuses/" + commit);
        assertThat(status.body()).contains("\"context\":\"hubdeploy/staging\"")
                .contains("\"target_url\":\"https://jenkins.example.org/job/hubs/42/\"");
    }

    @Test
    void checkPassesOnlyForTheStagingBranchWithPassedEvidenceAndSetsThePromotionStatus() throws Exception {
        String commit = record();
        run(PromoteMode.RECORD, env("BRANCH_NAME", "staging"), null);
        // the registry check of the recorded image needs a registry: this test's evidence has none to check
        PromoteRepos.stagingBuild(ci, List.of(), 6, 0);
        run(PromoteMode.RECORD, env("BRANCH_NAME", "staging"), null);
        api.on("GET " + REPO + "/pulls/12", answer(200, pull(12, "staging", commit, "prod")));
        api.on("POST " + REPO + "/statuses/" + commit, answer(201, "{\"state\":\"success\"}"));

        Map<String, Object> result = run(PromoteMode.CHECK, env("CHANGE_ID", "12", "CHANGE_TARGET", "prod",
                "BRANCH_NAME", "PR-12"), null);

        assertThat(result.get("githubStatus")).isEqualTo("success");
        assertThat(result.get("tree")).isEqualTo(PromoteRepos.tree(ci, commit));
        assertThat(api.requests("POST").get(api.requests("POST").size() - 1).body())
                .contains("\"context\":\"hubdeploy/promotion\"").contains("\"state\":\"success\"");
    }

    @Test
    void checkFailsAPullRequestFromAnotherBranchAndSaysSoInTheStatus() throws Exception {
        String commit = PromoteRepos.head(ci);
        api.on("GET " + REPO + "/pulls/13", answer(200, pull(13, "feature-x", commit, "prod")));
        api.on("POST " + REPO + "/statuses/" + commit, answer(201, "{\"state\":\"failure\"}"));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(PromoteMode.CHECK,
                env("CHANGE_ID", "13", "CHANGE_TARGET", "prod"), null));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("comes from branch 'feature-x'").contains("only from 'staging'");
        assertThat(api.requests("POST").get(0).body()).contains("\"state\":\"failure\"").contains("hubdeploy/promotion");
    }

    @Test
    void checkFailsWhenTheHeadsTreeHasNoEvidence() throws Exception {
        String commit = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 8\n");
        api.on("GET " + REPO + "/pulls/14", answer(200, pull(14, "staging", commit, "prod")));
        api.on("POST " + REPO + "/statuses/" + commit, answer(201, "{\"state\":\"failure\"}"));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(PromoteMode.CHECK,
                env("CHANGE_ID", "14"), null));

        assertThat(e.getMessage()).contains("check 'evidence' failed");
        assertThat(api.requests("POST").get(0).body()).contains("\"state\":\"failure\"");
    }

    @Test
    void pullRequestIsOpenedWithTheEvidenceAndAutoMergedWithTheVerifiedHead() throws Exception {
        String commit = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 9\n");
        PromoteRepos.stagingBuild(ci, List.of(), 6, 0);
        api.on("POST " + REPO + "/statuses/" + commit, answer(201, "{}"));
        run(PromoteMode.RECORD, env("BRANCH_NAME", "staging"), null);
        api.on("GET " + REPO + "/pulls?state=open&head=datahub:staging&base=prod", answer(200, "[]"));
        api.on("POST " + REPO + "/pulls", answer(201, pull(20, "staging", commit, "prod")));
        api.on("PUT " + REPO + "/pulls/20/merge", answer(200, "{\"sha\":\"merge1\",\"merged\":true}"));

        Map<String, Object> result = run(PromoteMode.PULL_REQUEST, env("BRANCH_NAME", "staging"), true);

        assertThat(result.get("created")).isEqualTo(true);
        assertThat(result.get("merged")).isEqualTo("merged merge1");
        String body = new ObjectMapper().readTree(api.requests("POST").get(1).body()).path("body").asText();
        assertThat(body).contains(commit).contains("revision 4").contains("6 passed, 0 failed").contains("JupyterHub 5.2.1");
        assertThat(api.requests("PUT").get(0).body()).contains("\"sha\":\"" + commit + "\"");
    }

    @Test
    void pullRequestRefusesEvidenceThatFailed() throws Exception {
        String commit = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 11\n");
        PromoteRepos.stagingBuild(ci, List.of(), 2, 3);
        api.on("POST " + REPO + "/statuses/" + commit, answer(201, "{}"));
        catchThrowableOfType(HubDeployException.class, () -> run(PromoteMode.RECORD, env("BRANCH_NAME", "staging"), null));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(PromoteMode.PULL_REQUEST,
                env("BRANCH_NAME", "staging"), null));

        assertThat(e.getMessage()).contains("check 'result' failed");
        assertThat(api.requests("POST").get(0).body()).contains("\"state\":\"failure\"");
        assertThat(api.requests.stream().filter(r -> r.path().contains("/pulls"))).isEmpty();
    }

    @Test
    void aTokenForAnotherGitServerMeansNoGitHubCalls() throws Exception {
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 12\n");
        PromoteRepos.stagingBuild(ci, List.of(), 6, 0);
        PromoteOptions noApiUrl = new PromoteOptions(PromoteMode.RECORD, null, null, null, null, null, null, null, null,
                null, null, null, false, false, null, null);

        Map<String, Object> result = PromoteRepos.engine(ci, log, env("GIT_URL", "https://git.example.edu/course/hubs.git",
                "BRANCH_NAME", "staging"), Clock.systemUTC()).run(PromoteRepos.config(ci), noApiUrl,
                new GitCredentials("ci", TOKEN), TOKEN);

        assertThat(result.get("githubStatus")).isNull();
        assertThat(log.text()).contains("on git.example.edu, not github.com");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aForkPullRequestIsRefusedBeforeAnyCheck() throws Exception {
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(PromoteMode.CHECK,
                env("CHANGE_ID", "15", "CHANGE_FORK", "mallory/hubs"), null));

        assertThat(e.getMessage()).contains("CHANGE_FORK is 'mallory/hubs'");
        assertThat(api.requests).isEmpty();
    }
}
