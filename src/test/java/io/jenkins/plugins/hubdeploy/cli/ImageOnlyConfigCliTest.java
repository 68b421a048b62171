package io.jenkins.plugins.hubdeploy.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image repository's hubdeploy.yaml (images only, no chart, no environments): every command that needs a chart or
 * an environment refuses it with exit 2 naming the file and the way to deploy (the deployment repository, pinHubImage),
 * before anything runs; {@code tags} works on it.
 */
class ImageOnlyConfigCliTest {
    private static final String REFUSAL = "hubdeploy.yaml: image-only configuration (no chart/environments): deploy it"
            + " from the deployment repository; see pinHubImage";

    @TempDir
    Path repo;

    @BeforeEach
    void imageRepository() throws Exception {
        Files.writeString(repo.resolve("hubdeploy.yaml"), """
                images:
                  - name: 127.0.0.1:9/user-images/course-image  # loopback: a missing gate reaches nothing else
                    context: .
                """);
        Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\nCOPY environment.yml /\n");
        Files.writeString(repo.resolve("environment.yml"), "dependencies: [numpy]\n");
    }

    @Test
    void everyCommandThatNeedsAChartOrAnEnvironmentIsExit2NamingTheFileAndPinHubImage() {
        String dir = repo.toString();
        List<List<String>> commands = List.of(
                List.of("deploy", "-C", dir, "--env", "staging"),
                List.of("smoke", "-C", dir, "--env", "staging", "--token-env", "HOME"),
                List.of("smoke", "-C", dir, "--env", "staging", "--hub-url", "http://127.0.0.1:9", "--token-env", "HOME"),
                List.of("smoke", "-C", dir, "--token-env", "HOME"),
                List.of("plan", "-C", dir, "--env", "staging"),
                List.of("run", "-C", dir, "--env", "staging", "--token-env", "HOME"),
                List.of("promote", "-C", dir, "--mode", "check", "--allow-other-branch"),
                List.of("promote", "-C", dir, "--mode", "deploy", "--allow-other-branch"),
                List.of("build", "-C", dir, "--changed", "--env", "staging"));
        for (List<String> command : commands) {
            CliRun run = CliRun.of(command.toArray(new String[0]));
            assertThat(run.code()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", command)).contains(REFUSAL).doesNotContain("Exception");
            assertThat(run.out() + run.err()).as(command.get(0) + ": nothing ran").doesNotContain("build and push",
                    "helm ", "buildah");
        }
    }

    @Test
    void tagsWorksOnIt() {
        CliRun tags = CliRun.of("tags", "-C", repo.toString(), "--json");
        assertThat(tags.code()).as(tags.err()).isZero();
        assertThat(tags.out()).contains("127.0.0.1:9/user-images/course-image");
    }
}
