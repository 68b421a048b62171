package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.LoadConfigTask;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code buildHubImage} as Pipeline runs it, minus Jenkins itself: the step is bound the way DescribableModel binds
 * it (constructor, then setters by name), and its execution's core runs with the same ports the execution builds.
 * What is simulated: the Launcher is replaced by {@link LocalProcessRunner} (same argv, same environment), and
 * {@code FilePath.act} by {@link RemotingAgent}, which does what remoting does with the {@link AgentCallable}:
 * serializes it, deserializes it, invokes it on the workspace directory and serializes the result back. The
 * registry (docker-registry) and the builder (buildah) are real.
 */
class BuildHubImageStepCoreTest {
    private static final String PASSWORD = "step-Registry-pw-9";

    private static Path root;
    private static Map<String, String> buildahEnv;
    private static RegistryFixture registry;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("hubdeploy-step-core");
        buildahEnv = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"), new RegistryFixture.Htpasswd("jenkins", PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (registry != null) {
                registry.stop();
            }
        } finally {
            BuildahFixture.cleanup(root.resolve("storage"));
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void defaultBindingBuildsWithoutPushingAndPushBuildsAndPushesOnce() throws Exception {
        Path repo = ExampleRepo.datahub(root.resolve("ws-push"), registry.hostPort(), "push");
        RegistryCredentials credentials = new RegistryCredentials("jenkins", PASSWORD);

        BuildHubImageStep pullRequest = DataBoundBinder.bind(BuildHubImageStep.class, Map.of("deployment", "datahub"));
        List<Map<String, Object>> built = runStep(pullRequest, repo, credentials);
        assertThat(built).extracting(m -> m.get("built"), m -> m.get("pushed"))
                .containsOnly(org.assertj.core.groups.Tuple.tuple(true, false));

        BuildHubImageStep staging = DataBoundBinder.bind(BuildHubImageStep.class,
                Map.of("deployment", "datahub", "push", true, "builder", "buildah"));
        List<Map<String, Object>> pushed = runStep(staging, repo, credentials);
        assertThat(pushed).hasSize(2);
        Path authFile = root.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\""
                + java.util.Base64.getEncoder().encodeToString(("jenkins:" + PASSWORD).getBytes()) + "\"}}}");
        for (Map<String, Object> image : pushed) {
            assertThat(image).containsEntry("built", true).containsEntry("pushed", true);
            assertThat(image.get("digest")).isEqualTo(BuildahFixture.skopeoDigest((String) image.get("image"), authFile));
            assertThat(image.get("image")).isEqualTo(image.get("name") + ":" + image.get("tag"));
        }
        assertThat(pushed).extracting(m -> m.get("tag")).isEqualTo(built.stream().map(m -> m.get("tag")).toList());

        List<Map<String, Object>> again = runStep(staging, repo, credentials);
        assertThat(again).extracting(m -> m.get("built"), m -> m.get("pushed"), m -> m.get("digest"))
                .containsExactlyElementsOf(pushed.stream().map(m -> org.assertj.core.groups.Tuple.tuple(false, false,
                        m.get("digest"))).toList());
    }

    @Test
    void wrongPasswordFailsTheStepWithAnEnvironmentMessageThatHidesIt() throws Exception {
        Path repo = ExampleRepo.datahub(root.resolve("ws-denied"), registry.hostPort(), "denied");
        String wrong = "not-the-password-42";
        BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class, Map.of("push", true));
        HubDeployException failure = catchThrowableOfType(HubDeployException.class,
                () -> runStep(step, repo, new RegistryCredentials("jenkins", wrong)));
        assertThat(failure.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(failure.getMessage()).contains(registry.hostPort()).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void changedSinceSkipsAnUnchangedDeploymentWithTheReasonAndBuildsAChangedOne() throws Exception {
        Path repo = ExampleRepo.datahub(root.resolve("ws-changed"), registry.hostPort(), "changed");
        BuildHubImageStep step = DataBoundBinder.bind(BuildHubImageStep.class,
                Map.of("deployment", "datahub", "changedSince", "HEAD", "builder", "buildah"));

        RegistryCredentials credentials = new RegistryCredentials("jenkins", PASSWORD);
        List<Map<String, Object>> skipped = runStep(step, repo, credentials);
        assertThat(skipped).singleElement().satisfies(m -> assertThat(m).containsEntry("deployment", "datahub")
                .containsEntry("environment", "staging").containsKey("skipped").doesNotContainKey("image"));
        assertThat(skipped.get(0).get("skipped").toString()).startsWith("no input changed since HEAD (");

        // an uncommitted change in an image counts: the working tree is compared with the ref
        Files.writeString(repo.resolve("deployments/datahub/images/user-image/changed.txt"), "new\n");
        List<Map<String, Object>> built = runStep(step, repo, credentials);
        assertThat(built).hasSize(2).allSatisfy(m -> assertThat(m).containsKey("image").doesNotContainKey("skipped"));
        assertThat(built).extracting(m -> m.get("built")).contains(true);
    }

    /** What {@code BuildHubImageStep.Execution.run()} does, with the simulated Launcher and remoting. */
    private List<Map<String, Object>> runStep(BuildHubImageStep step, Path workspace, RegistryCredentials credentials)
            throws Exception {
        CollectingLog log = new CollectingLog();
        if (credentials != null) {
            log.addSecret(credentials.password());
        }
        RemotingAgent agent = new RemotingAgent(workspace.resolve(step.getDir()).normalize());
        DeploymentConfig config = agent.run(new LoadConfigTask(step.getDeployment()));
        List<Map<String, Object>> results = new ManyDeployments(new LocalProcessRunner(agent.dir, log), agent, log,
                buildahEnv).buildOrSkip(config, step.toOptions(credentials), step.toChangedOnly(), log);
        boolean skipped = results.size() == 1 && results.get(0).containsKey("skipped");
        assertThat(agent.trips.get()).as("config, registry checks and builder files each went through the callable")
                .isGreaterThanOrEqualTo(skipped ? 1 : 2);
        if (credentials != null) {
            assertThat(log.text()).doesNotContain(credentials.password());
        }
        return results;
    }
}
