package io.jenkins.plugins.hubdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.promote.PromoteRepos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hubdeploy promote} in-process against real git: help, usage errors (2), a refused promotion (1), record + merge (0). */
class PromoteCommandTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsPromoteAndItsModes() {
        CliRun top = run("--help");
        CliRun help = run("promote", "--help");

        assertThat(top.out()).contains("promote");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("record", "pullRequest", "check", "merge", "deploy", "revert", "--mode", "--json",
                "--github-token-env", "--max-evidence-age", "--staging-kubeconfig", "--allow-fork");
    }

    @Test
    void badModeOrAgeIsExit2() {
        CliRun mode = run("promote", "--mode", "yolo");
        CliRun age = run("promote", "--mode", "merge", "--max-evidence-age", "soon");

        assertThat(mode.code()).isEqualTo(2);
        assertThat(mode.err()).contains("--mode: 'yolo' is not a mode");
        assertThat(age.code()).isEqualTo(2);
        assertThat(age.err()).contains("--max-evidence-age: 'soon' is not an age");
    }

    @Test
    void hubUrlWithAModeOtherThanDeployOrABadHubUrlIsExit2() {
        CliRun merge = run("promote", "--mode", "merge", "--hub-url", "https://datahub.berkeley.edu");
        CliRun bad = run("promote", "--mode", "deploy", "--hub-url", "ftp://datahub.berkeley.edu");

        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("--hub-url is for mode deploy").contains("mode merge")
                .contains("remove --hub-url or use mode deploy");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("is not an http(s) URL");
        assertThat(run("promote", "--help").out()).contains("--hub-url");
    }

    @Test
    void recordThenMergeAndARefusalIsExit1() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        Path ci = repos.clone("ci", "staging");
        String commit = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 3\n");
        PromoteRepos.stagingBuild(ci, List.of(), 2, 0);

        CliRun record = run("promote", "-C", ci.toString(), "--mode", "record", "--github-token-env", "HUBDEPLOY_TEST_NO_TOKEN", "--json");
        CliRun merge = run("promote", "-C", ci.toString(), "--mode", "merge", "--github-token-env", "HUBDEPLOY_TEST_NO_TOKEN");
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 4\n");
        CliRun refused = run("promote", "-C", ci.toString(), "--mode", "merge", "--github-token-env", "HUBDEPLOY_TEST_NO_TOKEN");

        assertThat(record.code()).as(record.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(record.out());
        assertThat(json.path("evidence").path("git").path("commit").asText()).isEqualTo(commit);
        assertThat(json.path("evidence").path("result").asText()).isEqualTo("passed");
        assertThat(merge.code()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("promote merge: done, merge fast-forward, prodAfter " + commit);
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(commit);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("hubdeploy: promotion refused: check 'evidence' failed");
    }

    @Test
    void revertWithoutAGitHubTokenIsExit2BeforeAnythingChanges() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        Path ci = repos.clone("ci", "staging");

        CliRun revert = run("promote", "-C", ci.toString(), "--mode", "revert", "--github-token-env",
                "HUBDEPLOY_TEST_NO_TOKEN");

        assertThat(revert.code()).isEqualTo(2);
        assertThat(revert.err()).contains("mode revert needs GitHub");
        assertThat(PromoteRepos.git(repos.origin, "for-each-ref", "refs/heads/hubdeploy/")).isBlank();
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
