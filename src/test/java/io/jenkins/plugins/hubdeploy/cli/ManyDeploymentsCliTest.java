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

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
