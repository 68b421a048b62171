package io.jenkins.plugins.hubdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy pin} on DataHub's 2024 snapshot (every user image pinned, built in its own repository), with real
 * git and a bare repository on disk as the remote.
 */
class PinCommandTest {
    private static final String DATAHUB_IMAGE = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image";
    private static final String DEV2 = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/dev-secondary-image";

    @TempDir
    Path tmp;

    @Test
    void movesEveryPinOfTheImageOnABranchAndPushesIt() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        Path origin = tmp.resolve("origin.git");
        ExampleRepo.git(tmp, "init", "-q", "--bare", origin.toString());
        ExampleRepo.git(repo, "remote", "add", "origin", origin.toString());

        CliRun r = run("pin", "-C", repo.toString(), "--image", DATAHUB_IMAGE + ":0123456789ab", "--commit", "--push",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("changed").fieldNames()).toIterable()
                .containsExactly("datahub", "dlab", "highschool", "prob140", "r", "workshop");
        assertThat(json.path("branch").asText()).isEqualTo("hubdeploy/pin-datahub-user-image-0123456789ab");
        // one line per file, the pin and nothing else
        String diff = git(repo, "diff", "--numstat", "HEAD~1", "HEAD");
        assertThat(diff.lines()).hasSize(6).allSatisfy(l -> assertThat(l).startsWith("1\t1\tdeployments/"));
        assertThat(Files.readString(repo.resolve("deployments/dlab/hubploy.yaml")))
                .contains("- name: " + DATAHUB_IMAGE + ":0123456789ab\n      path: ../datahub/images/default");
        assertThat(git(origin, "branch", "--list")).contains("hubdeploy/pin-datahub-user-image-0123456789ab");

        CliRun again = run("pin", "-C", repo.toString(), "--image", DATAHUB_IMAGE + ":0123456789ab");
        assertThat(again.out()).contains("no deployment pins " + DATAHUB_IMAGE + " at another tag (datahub, dlab,"
                + " highschool, prob140, r, workshop already at 0123456789ab)");
    }

    @Test
    void aPinTheValuesAlsoNameIsMovedThereTooAndADigestPinWorks() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        String digest = "sha256:" + "0f".repeat(32);
        CliRun r = run("pin", "-C", repo.toString(), "-d", "dev", "--image", DEV2 + "@" + digest);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("pin: dev: deployments/dev/hubploy.yaml, deployments/dev/config/common.yaml");
        assertThat(Files.readString(repo.resolve("deployments/dev/config/common.yaml")))
                .contains("image: " + DEV2 + "@" + digest + "\n").doesNotContain("df11f4f1caa1");
        assertThat(git(repo, "status", "--porcelain")).contains("deployments/dev/hubploy.yaml");

        CliRun bad = run("pin", "-C", repo.toString(), "--image", DEV2);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--image '" + DEV2 + "' is not a pinned image: give REPO:TAG");
    }

    @Test
    void aBranchOfThatNameInTheCheckoutIsRefusedBeforeAnyFileChanges() throws Exception {
        Path repo = RealHubSnapshots.unpack("2024", tmp);
        ExampleRepo.git(repo, "branch", "hubdeploy/pin-datahub-user-image-0123456789ab");

        CliRun r = run("pin", "-C", repo.toString(), "--image", DATAHUB_IMAGE + ":0123456789ab", "--commit");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the checkout has a branch hubdeploy/pin-datahub-user-image-0123456789ab already",
                "Nothing was changed");
        assertThat(git(repo, "status", "--porcelain")).isEmpty();
    }

    @Test
    void withARepositoryUrlItClonesTheBaseBranchPushesTheBranchAndLeavesNothingBehind() throws Exception {
        Path snapshot = RealHubSnapshots.unpack("2024", tmp);
        Path origin = tmp.resolve("origin.git");
        ExampleRepo.git(tmp, "clone", "-q", "--bare", snapshot.toString(), origin.toString());
        Path here = Files.createDirectories(tmp.resolve("image-repo"));

        CliRun r = run("pin", "-C", here.toString(), "--image", DATAHUB_IMAGE + ":0123456789ab", "-d", "dlab",
                "--repository-url", origin.toUri().toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("changed").fieldNames()).toIterable().containsExactly("dlab");
        String branch = "hubdeploy/pin-datahub-user-image-0123456789ab";
        assertThat(json.path("branch").asText()).isEqualTo(branch);
        assertThat(git(origin, "show", branch + ":deployments/dlab/hubploy.yaml"))
                .contains("- name: " + DATAHUB_IMAGE + ":0123456789ab");
        assertThat(git(origin, "rev-parse", branch).strip()).isEqualTo(json.path("commit").asText());
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the clone's scratch directory is gone")
                    .noneMatch(name -> name.endsWith("@tmp"));
        }
        try (var files = Files.list(here)) {
            assertThat(files.toList()).isEmpty();
        }

        CliRun bad = run("pin", "-C", here.toString(), "--image", DATAHUB_IMAGE + ":0123456789ab",
                "--repository-url", "ftp://git.example.org/hubs.git");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--repository-url 'ftp://git.example.org/hubs.git' is not a repository URL");
    }

    private static String git(Path dir, String... args) throws Exception {
        String[] argv = new String[args.length + 1];
        argv[0] = "git";
        System.arraycopy(args, 0, argv, 1, args.length);
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
