package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.answer;
import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The GitHub calls against a loopback server answering as GitHub's REST documentation shows. */
class GitHubClientTest {
    private static final String TOKEN = "ghs_FAKE0token0for0tests0only0123456";
    private static final String REPO = "/repos/datahub/hubs";
    private static final String LIST = "GET " + REPO + "/pulls?state=open&head=datahub:staging&base=prod";
    private static final String EXISTS = "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
            + "\"code\":\"custom\",\"message\":\"A pull request already exists for datahub:staging.\"}],"
            + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\"}";

    @TempDir
    Path workspace;

    private GitHubApiServer api;
    private GitHubAccess access;

    @BeforeEach
    void start() throws Exception {
        api = GitHubApiServer.start();
        access = new GitHubAccess(GitHubRepo.parse("https://github.com/datahub/hubs.git", api.url(), "test"), TOKEN,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void statusIsCreatedWithTheTokenInTheHeaderOnly() throws Exception {
        api.on("POST " + REPO + "/statuses/abc123", answer(201, "{\"state\":\"success\"}"));

        String state = new GitHubTask.SetStatus(access, "abc123", "success", "hubdeploy/staging", "smoke passed",
                "https://jenkins.example.org/job/7/").call(workspace);

        assertThat(state).isEqualTo("success");
        GitHubApiServer.Request request = api.requests.get(0);
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(request.body()).contains("\"state\":\"success\"").contains("\"context\":\"hubdeploy/staging\"")
                .contains("\"target_url\":\"https://jenkins.example.org/job/7/\"").doesNotContain(TOKEN);
        assertThat(access.toString()).doesNotContain(TOKEN);
    }

    @Test
    void badCredentialsAndMissingPermissionAreEnvironmentFailuresNamingThePermission() {
        api.on("POST " + REPO + "/statuses/a1", answer(401, "{\"message\":\"Bad credentials\"}"));
        api.on("POST " + REPO + "/statuses/a2", answer(403, "{\"message\":\"Resource not accessible by integration\"}"));

        HubDeployException bad = catchThrowableOfType(HubDeployException.class, () -> new GitHubTask.SetStatus(access,
                "a1", "success", "c", "d", null).call(workspace));
        HubDeployException forbidden = catchThrowableOfType(HubDeployException.class, () -> new GitHubTask.SetStatus(
                access, "a2", "success", "c", "d", null).call(workspace));

        assertThat(bad.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(bad.getMessage()).contains("401 Bad credentials").contains("Commit statuses: write").doesNotContain(TOKEN);
        assertThat(forbidden.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(forbidden.getMessage()).contains("403 Resource not accessible by integration")
                .contains("Commit statuses: write").doesNotContain(TOKEN);
        assertThat(api.requests).hasSize(2); // a 403 without Retry-After is not retried
    }

    @Test
    void secondaryRateLimitIsWaitedOutAsRetryAfterSays() throws Exception {
        api.on("POST " + REPO + "/statuses/b1",
                answer(403, "{\"message\":\"You have exceeded a secondary rate limit.\"}", Map.of("Retry-After", "1")),
                answer(201, "{\"state\":\"success\"}"));
        long started = System.nanoTime();

        new GitHubTask.SetStatus(access, "b1", "success", "c", "d", null).call(workspace);

        assertThat(api.requests).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void rateLimitThatNeverEndsIsBounded() {
        api.on("POST " + REPO + "/statuses/b2", answer(429, "{\"message\":\"secondary rate limit\"}", Map.of("Retry-After", "0")));
        api.on("POST " + REPO + "/statuses/b3", answer(403, "{\"message\":\"secondary rate limit\"}", Map.of("Retry-After", "3600")));

        HubDeployException always = catchThrowableOfType(HubDeployException.class, () -> new GitHubTask.SetStatus(
                access, "b2", "success", "c", "d", null).call(workspace));
        HubDeployException tooLong = catchThrowableOfType(HubDeployException.class, () -> new GitHubTask.SetStatus(
                access, "b3", "success", "c", "d", null).call(workspace));

        assertThat(always.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(always.getMessage()).contains("rate-limited").contains("on every one of " + GitHubClient.ATTEMPTS);
        assertThat(tooLong.getMessage()).contains("retry after 3600 s").contains("longer than hubdeploy waits");
        assertThat(api.requests).hasSize(GitHubClient.ATTEMPTS + 1);
    }

    @Test
    void notFoundSaysTheTokenMayNotSeeTheRepository() {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> new GitHubTask.GetPull(access, 42).call(workspace));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("404").contains("datahub/hubs").contains("Pull requests: read");
    }

    @Test
    void pullRequestIsCreatedWhenNoneIsOpen() throws Exception {
        api.on(LIST, answer(200, "[]"));
        api.on("POST " + REPO + "/pulls", answer(201, pull(7, "staging", "s1", "prod")));
        api.on("PATCH " + REPO + "/pulls/7", answer(200, pull(7, "staging", "s1", "prod")));

        GitHubTask.PullResult result = new GitHubTask.OpenOrUpdatePull(access, "staging", "prod", "Promote", "body")
                .call(workspace);

        assertThat(result.created()).isTrue();
        assertThat(result.pull().number()).isEqualTo(7);
        assertThat(api.requests("POST")).hasSize(1);
        assertThat(api.requests("POST").get(0).body()).contains("\"head\":\"staging\"").contains("\"base\":\"prod\"");
        assertThat(api.requests("PATCH")).isEmpty();
    }

    @Test
    void theOpenPullRequestIsUpdatedNeverASecondOne() throws Exception {
        api.on(LIST, answer(200, "[" + pull(7, "staging", "s2", "prod") + "]"));
        api.on("PATCH " + REPO + "/pulls/7", answer(200, pull(7, "staging", "s2", "prod")));

        GitHubTask.PullResult result = new GitHubTask.OpenOrUpdatePull(access, "staging", "prod", "Promote", "new body")
                .call(workspace);

        assertThat(result.created()).isFalse();
        assertThat(api.requests("POST")).isEmpty();
        assertThat(api.requests("PATCH").get(0).body()).contains("new body");
    }

    @Test
    void alreadyExistsFromARaceUpdatesTheOneThatExists() throws Exception {
        // another build opened it between our list and our create: GitHub answers 422
        api.on(LIST, answer(200, "[]"), answer(200, "[" + pull(8, "staging", "s3", "prod") + "]"));
        api.on("POST " + REPO + "/pulls", answer(422, EXISTS));
        api.on("PATCH " + REPO + "/pulls/8", answer(200, pull(8, "staging", "s3", "prod")));

        GitHubTask.PullResult result = new GitHubTask.OpenOrUpdatePull(access, "staging", "prod", "Promote", "b")
                .call(workspace);

        assertThat(result.created()).isFalse();
        assertThat(result.pull().number()).isEqualTo(8);
        assertThat(api.requests("POST")).hasSize(1);
        assertThat(api.requests("PATCH")).hasSize(1);
    }

    @Test
    void mergeUsesAMergeCommitAndTheVerifiedShaOrEnablesAutoMergeWhileChecksArePending() throws Exception {
        api.on("PUT " + REPO + "/pulls/7/merge", answer(200, "{\"sha\":\"m1\",\"merged\":true,\"message\":\"Pull Request successfully merged\"}"));
        api.on("PUT " + REPO + "/pulls/8/merge", answer(405, "{\"message\":\"Required status check \\\"hubdeploy/promotion\\\" is expected.\"}"));
        api.on("PUT " + REPO + "/pulls/9/merge", answer(409, "{\"message\":\"Head branch was modified. Review and try the merge again.\"}"));
        api.on("POST /graphql", answer(200, "{\"data\":{\"enablePullRequestAutoMerge\":{\"pullRequest\":{\"number\":8}}}}"),
                answer(200, "{\"data\":null,\"errors\":[{\"type\":\"UNPROCESSABLE\",\"message\":\"Pull request Auto merge is not allowed for this repository\"}]}"));

        String merged = new GitHubTask.MergePull(access, pr(7), "s1").call(workspace);
        String auto = new GitHubTask.MergePull(access, pr(8), "s1").call(workspace);
        String notAllowed = new GitHubTask.MergePull(access, pr(8), "s1").call(workspace);
        HubDeployException moved = catchThrowableOfType(HubDeployException.class,
                () -> new GitHubTask.MergePull(access, pr(9), "s1").call(workspace));

        assertThat(merged).isEqualTo("merged m1");
        assertThat(api.requests("PUT").get(0).body()).contains("\"merge_method\":\"merge\"").contains("\"sha\":\"s1\"");
        assertThat(auto).isEqualTo("auto-merge enabled");
        GitHubApiServer.Request graphql = api.requests("POST").get(0);
        assertThat(graphql.path()).isEqualTo("/graphql");
        assertThat(graphql.body()).contains("enablePullRequestAutoMerge").contains("mergeMethod: MERGE")
                .contains("\"id\":\"PR_x\"").contains("\"oid\":\"s1\"");
        assertThat(notAllowed).startsWith("not merged: Required status check").contains("Auto merge is not allowed");
        assertThat(moved.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(moved.getMessage()).contains("409 Head branch was modified").contains("no longer s1");
        assertThat(GitHubClient.graphqlUrl("https://ghe.example.org/api/v3")).isEqualTo("https://ghe.example.org/api/graphql");
        assertThat(GitHubClient.graphqlUrl("https://api.github.com")).isEqualTo("https://api.github.com/graphql");
    }

    private static GitHubTask.Pull pr(int number) {
        return new GitHubTask.Pull(number, null, "staging", "s1", "prod", false, "open", "PR_x");
    }

    @Test
    void repositoryAndApiUrlComeFromRemoteUrls() throws Exception {
        assertThat(GitHubRepo.parse("git@github.com:datahub/hubs.git", null, "t"))
                .isEqualTo(new GitHubRepo("https://api.github.com", "datahub", "hubs", "github.com"));
        assertThat(GitHubRepo.parse("https://ghe.example.org/course/hubs", null, "t").apiUrl())
                .isEqualTo("https://ghe.example.org/api/v3");
        assertThat(GitHubRepo.parse("https://x-access-token@github.com/datahub/hubs.git", null, "t").fullName())
                .isEqualTo("datahub/hubs");
        assertThat(GitHubRepo.parse("ssh://git@ghe.example.org:2222/course/hubs.git", "https://api.ghe/", "t"))
                .isEqualTo(new GitHubRepo("https://api.ghe", "course", "hubs", "ghe.example.org"));
        assertThat(GitHubRepo.parse("https://github.com/datahub/hubs/pull/12", null, "CHANGE_URL").fullName())
                .isEqualTo("datahub/hubs");
        HubDeployException bad = catchThrowableOfType(HubDeployException.class,
                () -> GitHubRepo.parse("/srv/git/hubs.git", null, "GIT_URL"));
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.getMessage()).contains("GIT_URL '/srv/git/hubs.git'");
    }
}
