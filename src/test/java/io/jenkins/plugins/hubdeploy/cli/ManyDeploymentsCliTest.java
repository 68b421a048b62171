package io.jenkins.plugins.hubdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hubdeploy tags -d all|a,b} in-process on DataHub's 2024 snapshot (27 deployments, every image pinned). */
class ManyDeploymentsCliTest {
    @TempDir
    Path tmp;

    @Test
    void tagsOfAllDeploymentsAsATableAndAsJson() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        CliRun table = run("tags", "-C", repo.toString(), "-d", "all", "--parallel", "4");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("27 deployment(s): 27 ok, 0 skipped, 0 failed").doesNotContain("template");
        assertThat(table.err()).contains("running 27 deployment(s), 4 at a time: a11y, astro,");

        CliRun json = run("tags", "-C", repo.toString(), "-d", "dev,a11y", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.out());
        assertThat(result.path("failed").asInt()).isZero();
        JsonNode dev = result.path("deployments").get(0);
        assertThat(dev.path("deployment").asText()).isEqualTo("dev");
        assertThat(dev.path("result").path("images").get(1).path("tag").asText()).isEqualTo("df11f4f1caa1");
        assertThat(dev.path("result").path("images").get(1).path("source").asText()).isEqualTo("prebuilt");
    }

    @Test
    void aBrokenDeploymentIsItsOwnRowAndTheExitCode() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        Files.writeString(repo.resolve("deployments/shiny/hubploy.yaml"), "images:\n  images:\n    - name: Bad/Name:1\n");
        CliRun r = run("tags", "-C", repo.toString(), "-d", "all");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("27 deployment(s): 26 ok, 0 skipped, 1 failed").containsPattern("shiny +failed +2 ");
        assertThat(r.err()).contains("hubdeploy: 1 of 27 deployment(s) failed: shiny");

        CliRun unknown = run("tags", "-C", repo.toString(), "-d", "dev,shinny");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown deployment 'shinny'").contains("did you mean 'shiny'?");

        CliRun parallel = run("tags", "-C", repo.toString(), "-d", "all", "--parallel", "0");
        assertThat(parallel.code()).isEqualTo(2);
        assertThat(parallel.err()).contains("--parallel 0 is out of range");
    }

    @Test
    void buildChangedSinceARefBuildsOnlyTheDeploymentsThatChangedWithoutACluster() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        Files.writeString(repo.resolve("deployments/a11y/config/common.yaml"), "\n# a pull request's change\n",
                java.nio.file.StandardOpenOption.APPEND);
        io.jenkins.plugins.hubdeploy.testing.ExampleRepo.git(repo, "commit", "-qam", "a11y change");

        CliRun table = run("build", "-C", repo.toString(), "-d", "all", "--changed-since", "HEAD~1", "--parallel", "4");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("27 deployment(s): 1 ok, 26 skipped, 0 failed")
                .containsPattern("a11y +ok +0 ")
                .containsPattern("astro +skipped +0 +no input changed since HEAD~1 \\([0-9a-f]{12}\\)");
        assertThat(table.err()).contains("[a11y] changed: building a11y for staging: 1 input(s) changed since HEAD~1 (");

        CliRun one = run("build", "-C", repo.toString(), "-d", "astro", "--changed-since", "HEAD~1");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).startsWith("astro: not built: no input changed since HEAD~1 (");

        CliRun json = run("build", "-C", repo.toString(), "-d", "astro", "--changed-since", "HEAD~1", "--json");
        JsonNode skipped = new ObjectMapper().readTree(json.out());
        assertThat(skipped.path("deployment").asText()).isEqualTo("astro");
        assertThat(skipped.path("skipped").asText()).startsWith("no input changed since HEAD~1 (");

        CliRun changed = run("build", "-C", repo.toString(), "-d", "a11y", "--changed-since", "HEAD~1", "--json");
        assertThat(changed.code()).as(changed.err()).isZero();
        assertThat(new ObjectMapper().readTree(changed.out()).path("images").get(0).path("prebuilt").asBoolean()).isTrue();
    }

    @Test
    void buildChangedOptionsThatDoNotFitAreExit2() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        CliRun both = run("build", "-C", repo.toString(), "-d", "a11y", "--changed", "--changed-since", "HEAD");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--changed and --changed-since both say what to compare with: pass one");

        CliRun envAlone = run("build", "-C", repo.toString(), "-d", "a11y", "--env", "prod");
        assertThat(envAlone.code()).isEqualTo(2);
        assertThat(envAlone.err()).contains("--env prod only says which environment --changed compares with");

        CliRun noRef = run("build", "-C", repo.toString(), "-d", "a11y", "--changed-since", "origin/staging");
        assertThat(noRef.code()).isEqualTo(2);
        assertThat(noRef.err()).contains("the git ref 'origin/staging' to compare with (--changed-since, changedSince) is no commit in this"
                + " clone. Fetch it first");

        CliRun unknownEnv = run("build", "-C", repo.toString(), "-d", "a11y", "--changed-since", "HEAD", "--env", "stagign");
        assertThat(unknownEnv.code()).isEqualTo(2);
        assertThat(unknownEnv.err()).contains("unknown environment 'stagign' (did you mean 'staging'?)");
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
