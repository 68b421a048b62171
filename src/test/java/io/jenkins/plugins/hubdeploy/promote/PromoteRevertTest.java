package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
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

/**
 * Mode revert with real git (a bare origin, a developer's clone that merges, the CI workspace's clone) and the
 * loopback GitHub API: merge and squash commits reverted, every refusal (passed, missing, wrong branch, fork), a
 * conflict leaving the remote and the checkout exactly as they were, and a rerun updating the one pull request.
 */
class PromoteRevertTest {
    private static final String TOKEN = "ghs_FAKE0revert0token0abcdef0123456";
    private static final String REPO = "/repos/datahub/hubs";
    private static final String STAGING_YAML = "deployments/hub/config/staging.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private PromoteRepos repos;
    private Path dev;
    private GitHubApiServer api;
    private final CollectingLog log = new CollectingLog();

    @BeforeEach
    void setUp() throws Exception {
        repos = PromoteRepos.create(tmp, List.of());
        dev = repos.clone("dev", "staging");
        api = GitHubApiServer.start();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void aFailedMergeCommitIsRevertedAgainstItsFirstParentAndThePullRequestNamesWhatFailed() throws Exception {
        String merge = mergePullRequest(7, "a: 7\n");
        Path ci = repos.clone("ci", "staging");
        recordFailed(ci, true);
        String branch = "hubdeploy/revert-" + merge.substring(0, 12);
        answerPulls(branch, 30);
        Snapshot before = Snapshot.of(ci);

        Map<String, Object> result = run(ci, env());

        assertThat(result).containsEntry("mode", "revert").containsEntry("reverted", merge).containsEntry("merge", true)
                .containsEntry("fromPullRequest", 7).containsEntry("branch", branch).containsEntry("created", true)
                .containsEntry("pushed", true);
        String revert = (String) result.get("revertCommit");
        assertThat(repos.originRef("refs/heads/" + branch)).isEqualTo(revert);
        assertThat(PromoteRepos.tree(ci, revert)).as("the revert's tree is staging's before the merge")
                .isEqualTo(PromoteRepos.tree(ci, merge + "^1"));
        assertThat(PromoteRepos.git(ci, "rev-parse", revert + "^").strip()).isEqualTo(merge);
        assertThat(PromoteRepos.git(ci, "log", "-1", "--format=%B", revert)).contains("This reverts commit " + merge)
                .contains("https://jenkins.example.org/job/hubs/42/");
        assertThat(Snapshot.of(ci)).as("the checkout is untouched").isEqualTo(before);

        JsonNode opened = JSON.readTree(api.requests("POST").stream().filter(r -> r.path().equals(REPO + "/pulls"))
                .findFirst().orElseThrow().body());
        assertThat(opened.path("head").asText()).isEqualTo(branch);
        assertThat(opened.path("base").asText()).isEqualTo("staging");
        assertThat(opened.path("title").asText()).startsWith("Revert \"Merge pull request #7");
        assertThat(opened.path("body").asText()).contains(merge).contains("pull request #7").contains(revert)
                .contains("2 passed, 3 failed").contains("import / numpy: ModuleNotFoundError: No module named 'numpy'")
                .contains("https://jenkins.example.org/job/hubs/42/").contains("never merges");
        assertThat(api.requests("PUT")).as("never merged automatically").isEmpty();
    }

    @Test
    void aRerunUpdatesTheOnePullRequestAndReusesThePushedBranch() throws Exception {
        String merge = mergePullRequest(9, "a: 9\n");
        Path ci = repos.clone("ci", "staging");
        recordFailed(ci, false);
        String branch = "hubdeploy/revert-" + merge.substring(0, 12);
        answerPulls(branch, 31);
        Map<String, Object> first = run(ci, env());
        assertThat(JSON.readTree(api.requests("POST").get(1).body()).path("body").asText())
                .contains("names no single failed check");
        java.nio.file.Files.delete(ci.resolve("hubdeploy-smoke.json"));

        Map<String, Object> second = run(ci, env());

        assertThat(second.get("created")).isEqualTo(false);
        assertThat(second.get("pushed")).isEqualTo(false);
        assertThat(second.get("revertCommit")).isEqualTo(first.get("revertCommit"));
        assertThat(repos.originRef("refs/heads/" + branch)).isEqualTo(first.get("revertCommit"));
        assertThat(api.requests("POST").stream().filter(r -> r.path().equals(REPO + "/pulls"))).hasSize(1);
        assertThat(api.requests("PATCH")).hasSize(1).allSatisfy(r -> assertThat(r.path()).isEqualTo(REPO + "/pulls/31"));
        assertThat(JSON.readTree(api.requests("PATCH").get(0).body()).path("body").asText())
                .contains("not in this workspace");
        assertThat(((Map<?, ?>) second.get("pullRequest")).get("number")).isEqualTo(31);
    }

    @Test
    void aSquashMergedCommitIsRevertedPlainly() throws Exception {
        String parent = PromoteRepos.head(dev);
        PromoteRepos.write(dev.resolve(STAGING_YAML), "a: 5\n");
        PromoteRepos.git(dev, "commit", "-qam", "Add the numpy package (#8)");
        PromoteRepos.git(dev, "push", "-q", "origin", "HEAD:staging");
        String squash = PromoteRepos.head(dev);
        Path ci = repos.clone("ci", "staging");
        recordFailed(ci, false);
        answerPulls("hubdeploy/revert-" + squash.substring(0, 12), 32);

        Map<String, Object> result = run(ci, env());

        assertThat(result).containsEntry("merge", false).containsEntry("fromPullRequest", 8);
        String revert = (String) result.get("revertCommit");
        assertThat(PromoteRepos.tree(ci, revert)).isEqualTo(PromoteRepos.tree(ci, parent));
        assertThat(PromoteRepos.git(ci, "rev-parse", revert + "^").strip()).isEqualTo(squash);
    }

    @Test
    void aChangeThatPassedIsNeverReverted() throws Exception {
        mergePullRequest(10, "a: 10\n");
        Path ci = repos.clone("ci", "staging");
        PromoteRepos.stagingBuild(ci, List.of(), 6, 0);
        api.on("POST " + REPO + "/statuses/" + PromoteRepos.head(ci), answer(201, "{}"));
        run(ci, env(), PromoteMode.RECORD);

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, env()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("says 'passed'").contains("6 passed, 0 failed").contains("never reverted");
        assertNothingPushedOrOpened();
    }

    @Test
    void aChangeWithoutEvidenceIsNeverReverted() throws Exception {
        mergePullRequest(11, "a: 11\n");
        Path ci = repos.clone("ci", "staging");

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, env()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("no hub/staging evidence for tree " + PromoteRepos.tree(ci, "HEAD"))
                .contains("not tested");
        assertNothingPushedOrOpened();
    }

    @Test
    void anotherBranchAndAForkAreRefusedBeforeAnything() throws Exception {
        Path ci = repos.clone("ci", "staging");

        HubDeployException branch = catchThrowableOfType(HubDeployException.class,
                () -> run(ci, env("BRANCH_NAME", "feature-x")));
        HubDeployException pullRequest = catchThrowableOfType(HubDeployException.class,
                () -> run(ci, env("CHANGE_ID", "5", "BRANCH_NAME", "PR-5")));
        HubDeployException fork = catchThrowableOfType(HubDeployException.class,
                () -> run(ci, env("CHANGE_FORK", "mallory/hubs")));

        assertThat(branch.getMessage()).contains("BRANCH_NAME is 'feature-x', but mode revert runs only in branch 'staging'");
        assertThat(pullRequest.getMessage()).contains("CHANGE_ID is '5'");
        assertThat(fork.getMessage()).contains("CHANGE_FORK is 'mallory/hubs'");
        assertThat(List.of(branch, pullRequest, fork)).allSatisfy(x -> assertThat(x.exitCode()).isEqualTo(ExitCode.FAILED));
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aConflictWithALaterCommitPushesNothingAndLeavesTheCheckoutAsItWas() throws Exception {
        String merge = mergePullRequest(12, "a: 12\n");
        Path ci = repos.clone("ci", "staging");
        recordFailed(ci, false);
        // meanwhile someone changes the same line on staging
        PromoteRepos.git(dev, "pull", "-q", "--ff-only", "origin", "staging");
        PromoteRepos.commitAndPush(dev, STAGING_YAML, "a: 13\n");
        answerPulls("hubdeploy/revert-" + merge.substring(0, 12), 33);
        Snapshot before = Snapshot.of(ci);

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, env()));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("conflicts in " + STAGING_YAML).contains("Nothing was pushed")
                .contains("git revert -m 1 " + merge);
        assertThat(Snapshot.of(ci)).isEqualTo(before);
        assertNothingPushedOrOpened();
    }

    @Test
    void aLaterCommitThatDoesNotConflictStaysAndOnlyTheMergeIsReverted() throws Exception {
        String merge = mergePullRequest(14, "a: 14\n");
        Path ci = repos.clone("ci", "staging");
        recordFailed(ci, false);
        PromoteRepos.git(dev, "pull", "-q", "--ff-only", "origin", "staging");
        String later = PromoteRepos.commitAndPush(dev, "deployments/hub/config/prod.yaml", "a: 3\n");
        answerPulls("hubdeploy/revert-" + merge.substring(0, 12), 34);

        Map<String, Object> result = run(ci, env());

        String revert = (String) result.get("revertCommit");
        assertThat(PromoteRepos.git(ci, "rev-parse", revert + "^").strip()).as("based on staging's tip").isEqualTo(later);
        assertThat(PromoteRepos.git(ci, "show", revert + ":" + STAGING_YAML)).isEqualTo("a: 1\n");
        assertThat(PromoteRepos.git(ci, "show", revert + ":deployments/hub/config/prod.yaml")).isEqualTo("a: 3\n");
    }

    @Test
    void withoutGitHubItIsBadUsageBeforeAnythingChanges() throws Exception {
        Path ci = repos.clone("ci", "staging");
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> PromoteRepos.engine(ci, log,
                env(), Clock.systemUTC()).run(PromoteRepos.config(ci), options(PromoteMode.REVERT), null, null));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("mode revert needs GitHub");
    }

    @Test
    void withoutAGitIdentityTheRevertIsAuthoredByHubdeploy() throws Exception {
        String merge = mergePullRequest(16, "a: 16\n");
        Path ci = repos.clone("ci", "staging");
        recordFailed(ci, false);
        answerPulls("hubdeploy/revert-" + merge.substring(0, 12), 36);
        // the real git, but seeing no global or system configuration: an agent where nobody set user.name/email
        Path git = tmp.resolve("git-without-identity");
        PromoteRepos.write(git, "#!/bin/sh\nGIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 exec git \"$@\"\n");
        assertThat(git.toFile().setExecutable(true)).isTrue();

        Map<String, Object> result = run(ci, env(GitCli.GIT_BIN, git.toString()));

        assertThat(PromoteRepos.git(ci, "log", "-1", "--format=%an <%ae>|%cn", (String) result.get("revertCommit")).strip())
                .isEqualTo("hubdeploy <hubdeploy@localhost>|hubdeploy");
    }

    @Test
    void theRevertIsPushedThroughAskpassAndTheTokenIsInNoOutput() throws Exception {
        String merge = mergePullRequest(15, "a: 15\n");
        Path ci = repos.clone("ci", "staging");
        String branch = "hubdeploy/revert-" + merge.substring(0, 12);
        answerPulls(branch, 35);
        List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<ProcessSpec> specs = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProcessRunner recording = spec -> {
            specs.add(spec);
            ProcessResult result = new LocalProcessRunner(ci, log).run(spec);
            outputs.add(result.stdout());
            outputs.add(result.stderr());
            return result;
        };
        try (GitHttpServer server = GitHttpServer.start(tmp, "ci-bot", TOKEN)) {
            // the remote demands the credentials (HTTP Basic): git can only have them from the GIT_ASKPASS program
            PromoteRepos.git(ci, "remote", "set-url", "origin", server.url("origin.git"));
            PromoteRepos.stagingBuild(ci, List.of(), 2, 3);
            api.on("POST " + REPO + "/statuses/" + merge, answer(201, "{}"));
            HubDeployException recorded = catchThrowableOfType(HubDeployException.class,
                    () -> engine(recording, ci, PromoteMode.RECORD));
            outputs.add(recorded.getMessage());

            Map<String, Object> result = engine(recording, ci, PromoteMode.REVERT);

            outputs.add(JSON.writeValueAsString(result));
            assertThat(repos.originRef("refs/heads/" + branch)).isEqualTo(result.get("revertCommit"));
            assertThat(server.authorizations).contains("Basic " + java.util.Base64.getEncoder().encodeToString(
                    ("ci-bot:" + TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        for (GitHubApiServer.Request r : api.requests) {
            outputs.add(r.path());
            outputs.add(r.body());
        }
        outputs.addAll(log.lines);
        for (ProcessSpec spec : specs) {
            outputs.add(String.join(" ", spec.argv()));
            outputs.add(spec.env().toString());
        }
        outputs.add(PromoteRepos.git(repos.origin, "log", "-p", "refs/heads/" + branch));
        Path scratchParent = ci.resolveSibling(ci.getFileName() + "@tmp");
        if (java.nio.file.Files.exists(scratchParent)) {
            try (java.util.stream.Stream<Path> left = java.nio.file.Files.walk(scratchParent)) {
                for (Path p : left.filter(java.nio.file.Files::isRegularFile).toList()) {
                    outputs.add(java.nio.file.Files.readString(p));
                }
            }
        }

        assertThat(specs).anySatisfy(s -> assertThat(s.argv()).contains("push"))
                .filteredOn(s -> s.argv().contains("push"))
                .allSatisfy(s -> assertThat(s.env()).containsKey("GIT_ASKPASS"));
        assertThat(outputs).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
        assertThat(String.join("\n", outputs)).contains(branch).contains("This reverts commit " + merge);
    }

    private Map<String, Object> engine(ProcessRunner runner, Path ci, PromoteMode mode) throws Exception {
        return PromoteRepos.engine(runner, ci, log, env(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                options(mode), new GitCredentials("ci-bot", TOKEN), TOKEN);
    }

    /** A developer's branch merged into staging as GitHub merges a pull request (a merge commit), pushed. */
    private String mergePullRequest(int number, String staging) throws Exception {
        PromoteRepos.git(dev, "checkout", "-q", "-b", "pr-" + number);
        PromoteRepos.write(dev.resolve(STAGING_YAML), staging);
        PromoteRepos.git(dev, "commit", "-qam", "Add a package");
        PromoteRepos.git(dev, "checkout", "-q", "staging");
        PromoteRepos.git(dev, "merge", "-q", "--no-ff", "-m", "Merge pull request #" + number + " from dev/pr-" + number
                + "\n\nAdd a package", "pr-" + number);
        PromoteRepos.git(dev, "push", "-q", "origin", "staging");
        return PromoteRepos.head(dev);
    }

    /** What a staging build whose smoke test failed leaves: deploy record, report (with its checks), failed evidence. */
    private void recordFailed(Path ci, boolean withChecks) throws Exception {
        PromoteRepos.stagingBuild(ci, List.of(), 2, 3);
        if (withChecks) {
            Map<String, Object> report = JSON.readValue(ci.resolve("hubdeploy-smoke.json").toFile(), Map.class);
            report.put("checks", List.of(
                    Map.of("group", "hub", "name", "version", "status", "passed"),
                    Map.of("group", "import", "name", "numpy", "status", "failed",
                            "message", "ModuleNotFoundError: No module named 'numpy'")));
            PromoteRepos.write(ci.resolve("hubdeploy-smoke.json"), JSON.writeValueAsString(report));
        }
        api.on("POST " + REPO + "/statuses/" + PromoteRepos.head(ci), answer(201, "{}"));
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, env(), PromoteMode.RECORD));
        assertThat(e.getMessage()).contains("recorded as failed");
    }

    private void answerPulls(String branch, int number) {
        api.on("GET " + REPO + "/pulls?state=open&head=datahub:" + branch + "&base=staging", answer(200, "[]"),
                answer(200, "[" + pull(number, branch, "x", "staging") + "]"));
        api.on("POST " + REPO + "/pulls", answer(201, pull(number, branch, "x", "staging")));
        api.on("PATCH " + REPO + "/pulls/" + number, answer(200, pull(number, branch, "x", "staging")));
    }

    private void assertNothingPushedOrOpened() throws Exception {
        assertThat(PromoteRepos.git(repos.origin, "for-each-ref", "refs/heads/hubdeploy/")).isBlank();
        assertThat(api.requests.stream().filter(r -> r.path().contains("/pulls"))).isEmpty();
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("GIT_URL", "https://github.com/datahub/hubs.git",
                "BUILD_URL", "https://jenkins.example.org/job/hubs/42/", "BRANCH_NAME", "staging"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private PromoteOptions options(PromoteMode mode) {
        return new PromoteOptions(mode, null, null, null, null, null, null, null, null, api.url(), null, null,
                false, false, null, null);
    }

    private Map<String, Object> run(Path ci, Map<String, String> env) throws Exception {
        return run(ci, env, PromoteMode.REVERT);
    }

    private Map<String, Object> run(Path ci, Map<String, String> env, PromoteMode mode) throws Exception {
        return PromoteRepos.engine(ci, log, env, Clock.systemUTC()).run(PromoteRepos.config(ci), options(mode),
                new GitCredentials("x-access-token", TOKEN), TOKEN);
    }

    /** HEAD, the branch, the files' status, local branches and worktrees: what "the checkout" is. */
    record Snapshot(String head, String branch, String status, String branches, String worktrees) {
        static Snapshot of(Path clone) throws Exception {
            return new Snapshot(PromoteRepos.head(clone), PromoteRepos.git(clone, "rev-parse", "--abbrev-ref", "HEAD"),
                    PromoteRepos.git(clone, "status", "--porcelain", "--untracked-files=all"),
                    PromoteRepos.git(clone, "branch", "--list"),
                    PromoteRepos.git(clone, "worktree", "list", "--porcelain"));
        }
    }
}
