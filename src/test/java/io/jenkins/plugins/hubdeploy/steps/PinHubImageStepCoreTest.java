package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.jenkinsrules.LocalLauncherSimulation;
import io.jenkins.plugins.hubdeploy.promote.GitCredentials;
import io.jenkins.plugins.hubdeploy.promote.GitHttpServer;
import io.jenkins.plugins.hubdeploy.promote.GitHubApiServer;
import io.jenkins.plugins.hubdeploy.run.PinRun;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.answer;
import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.pull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pinHubImage} as Pipeline runs it in the image repository's job, minus Jenkins itself: the step is bound the
 * way DescribableModel binds it and its execution's core runs with the ports the execution builds. Simulated: the
 * Launcher ({@link LocalLauncherSimulation}: its {@code $} expansion included, and the password here has a {@code $})
 * and {@code FilePath.act} ({@link RemotingAgent}: every task and result crosses a serialization boundary). Real: git,
 * the deployment repository behind the real {@code git http-backend} with HTTP Basic auth on loopback; GitHub is the
 * loopback server answering as its REST API documents.
 */
class PinHubImageStepCoreTest {
    private static final String IMAGE = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image";
    private static final String USER = "x-access-token";
    private static final String PASSWORD = "ghs_Step$HOME$$pin0token0${PATH}0123";
    private static final String BRANCH = "hubdeploy/pin-datahub-user-image-0123456789ab";

    @TempDir
    Path tmp;

    @Test
    void theBoundStepClonesPushesAndOpensThePullRequestThroughTheStepsPorts() throws Exception {
        Path snapshot = RealHubSnapshots.unpack("2024", tmp);
        Path served = Files.createDirectories(tmp.resolve("served"));
        Path bare = served.resolve("datahub/hubs.git");
        ExampleRepo.git(tmp, "clone", "-q", "--bare", snapshot.toString(), bare.toString());
        Path workspace = Files.createDirectories(tmp.resolve("workspace/image-repo"));
        CollectingLog log = new CollectingLog();
        try (GitHttpServer git = GitHttpServer.start(served, USER, PASSWORD);
             GitHubApiServer api = GitHubApiServer.start()) {
            api.on("GET /repos/datahub/hubs/pulls?state=open&head=datahub:" + BRANCH + "&base=staging",
                    answer(200, "[]"));
            api.on("POST /repos/datahub/hubs/pulls", answer(201, pull(3, BRANCH, "c".repeat(40), "staging")));
            PinHubImageStep step = DataBoundBinder.bind(PinHubImageStep.class, Map.of(
                    "image", IMAGE + ":0123456789ab", "repositoryUrl", git.url("datahub/hubs.git"),
                    "gitCredentialsId", "github-app", "githubApiUrl", api.url(), "deployments", "datahub,dlab"));
            Map<String, String> env = new HashMap<>(System.getenv());
            RemotingAgent agent = new RemotingAgent(workspace);
            StepProcessRunner runner = new StepProcessRunner(new LocalLauncherSimulation(workspace), agent, env, log);

            Map<String, Object> result = StepWorkspace.failBuildOnError(() -> new PinRun(runner, agent, log, env,
                    PinRun.Labels.step(PinHubImageStep.FUNCTION_NAME))
                    .run(step.toRequest(), new GitCredentials(USER, PASSWORD), PASSWORD).toMap());

            assertThat(result.get("branch")).isEqualTo(BRANCH);
            assertThat(result.get("created")).isEqualTo(true);
            assertThat(((Map<?, ?>) result.get("pullRequest")).get("number")).isEqualTo(3);
            assertThat(((Map<?, ?>) result.get("changed")).keySet()).map(String::valueOf).containsExactly("datahub", "dlab");
            assertThat(git.authorizations).contains("Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertThat(api.requests).allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer " + PASSWORD));
            assertThat(agent.trips.get()).as("tasks re-rooted in the clone crossed the boundary").isPositive();
            assertThat(log.text() + result).doesNotContain(PASSWORD);
        }
        try (Stream<Path> left = Files.list(workspace.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .as("the clone and the askpass files are gone with the scratch directory").isEqualTo(List.of("image-repo"));
        }
    }
}
