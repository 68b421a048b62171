package io.jenkins.plugins.hubdeploy.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.promote.GitCredentials;
import io.jenkins.plugins.hubdeploy.promote.GitHttpServer;
import io.jenkins.plugins.hubdeploy.promote.GitHubApiServer;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.answer;
import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The pin core as the {@code pinHubImage} step runs it in an image repository's pipeline: the deployment repository
 * (DataHub's 2024 snapshot) is served by the real {@code git http-backend} behind HTTP Basic auth on loopback, cloned
 * and pushed through GIT_ASKPASS with the job's login; the loopback server answers as GitHub's REST API documents it.
 * Every command's argv and environment is recorded, so the tests prove the secret never reached one.
 */
class PinRunTest {
    private static final String IMAGE = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String USER = "x-access-token";
    private static final String PASSWORD = "ghs_FAKE0pin0step0installation0token0123";
    private static final String BRANCH = "hubdeploy/pin-datahub-user-image-0123456789ab";
    private static final String LIST = "GET /repos/datahub/hubs/pulls?state=open&head=datahub:" + BRANCH + "&base=staging";
    private static final PinRun.Labels STEP = PinRun.Labels.step("pinHubImage");

    @TempDir
    Path tmp;

    private Path bare;
    private Path workspace;
    private GitHttpServer git;
    private GitHubApiServer api;
    private final CollectingLog log = new CollectingLog();
    private final List<ProcessSpec> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path snapshot = RealHubSnapshots.unpack("2024", tmp);
        Path projects = Files.createDirectories(tmp.resolve("served"));
        bare = projects.resolve("datahub/hubs.git");
        ExampleRepo.git(tmp, "clone", "-q", "--bare", snapshot.toString(), bare.toString());
        git = GitHttpServer.start(projects, USER, PASSWORD);
        api = GitHubApiServer.start();
        workspace = Files.createDirectories(tmp.resolve("image-repo"));
    }

    @AfterEach
    void tearDown() {
        api.close();
        git.close();
    }

    @Test
    void clonesPinsPushesThroughAskpassAndOpensThePullRequestLeavingNoSecretAnywhere() throws Exception {
        api.on(LIST, answer(200, "[]"));
        api.on("POST /repos/datahub/hubs/pulls", answer(201, pull(7, BRANCH, "f".repeat(40), "staging")));

        PinRun.Result result = pin(request(IMAGE + ":0123456789ab@" + DIGEST), PASSWORD);

        assertThat(result.changed()).containsOnlyKeys("datahub", "dlab", "highschool", "prob140", "r", "workshop");
        assertThat(result.branch()).isEqualTo(BRANCH);
        assertThat(result.created()).isTrue();
        assertThat(result.pullRequest().number()).isEqualTo(7);
        assertThat(bareGit("rev-parse", "refs/heads/" + BRANCH).strip()).isEqualTo(result.commit());
        assertThat(bareGit("diff", "--name-only", "staging", BRANCH).lines())
                .hasSize(6).allSatisfy(f -> assertThat(f).startsWith("deployments/"));
        assertThat(bareGit("show", BRANCH + ":deployments/dlab/hubploy.yaml"))
                .contains("- name: " + IMAGE + ":0123456789ab@" + DIGEST);
        // git sent the job's login (only GIT_ASKPASS can have given it), GitHub got the same token as Bearer
        assertThat(git.authorizations).contains("Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(api.requests).isNotEmpty()
                .allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer " + PASSWORD));
        assertThat(commands).anySatisfy(c -> assertThat(c.env()).containsKey("GIT_ASKPASS"));
        assertThat(new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(result.toMap()))
                .path("pullRequest").path("url").asText()).isNotBlank();
        assertNoScratchLeft();
        assertSecretNowhere(PASSWORD, result.toMap().toString());
        assertThat(log.secrets).contains(PASSWORD);
    }

    @Test
    void anOpenPullRequestFromTheBranchIsUpdated() throws Exception {
        api.on(LIST, answer(200, "[" + pull(12, BRANCH, "e".repeat(40), "staging") + "]"));
        api.on("PATCH /repos/datahub/hubs/pulls/12", answer(200, pull(12, BRANCH, "e".repeat(40), "staging")));

        PinRun.Result result = pin(request(IMAGE + ":0123456789ab"), PASSWORD);

        assertThat(result.created()).isFalse();
        assertThat(result.pullRequest().number()).isEqualTo(12);
        assertThat(api.requests("POST")).isEmpty();
        assertThat(api.requests("PATCH")).hasSize(1);
        JsonNode sent = new ObjectMapper().readTree(api.requests("PATCH").get(0).body());
        assertThat(sent.path("body").asText()).contains(result.commit());
        assertNoScratchLeft();
    }

    @Test
    void aRerunForTheSameImageKeepsTheBranchItPushedAndUpdatesThePullRequest() throws Exception {
        api.on(LIST, answer(200, "[]"), answer(200, "[" + pull(7, BRANCH, "f".repeat(40), "staging") + "]"));
        api.on("POST /repos/datahub/hubs/pulls", answer(201, pull(7, BRANCH, "f".repeat(40), "staging")));
        api.on("PATCH /repos/datahub/hubs/pulls/7", answer(200, pull(7, BRANCH, "f".repeat(40), "staging")));
        PinRun.Result first = pin(request(IMAGE + ":0123456789ab"), PASSWORD);
        // commit times have a resolution of one second: the rerun's commit is another object with the same change
        Thread.sleep(1_100);

        PinRun.Result again = pin(request(IMAGE + ":0123456789ab"), PASSWORD);

        assertThat(log.text()).contains("with this very change already (commit " + first.commit());
        assertThat(again.commit()).isEqualTo(first.commit());
        assertThat(bareGit("rev-parse", "refs/heads/" + BRANCH).strip()).isEqualTo(first.commit());
        assertThat(again.created()).isFalse();
        assertThat(api.requests("POST")).hasSize(1);
        assertThat(api.requests("PATCH")).hasSize(1);
        assertNoScratchLeft();
    }

    @Test
    void nothingToChangeMeansNoBranchAndNoPullRequest() throws Exception {
        String current = currentPin();
        PinRun.Request request = new PinRun.Request(IMAGE + ":" + current, new DeploymentSelection("prob140"), null,
                true, "origin", true, "staging", api.url(), git.url("datahub/hubs.git"));

        PinRun.Result result = pin(request, PASSWORD);

        assertThat(result.changed()).isEmpty();
        assertThat(result.unchanged()).containsExactly("prob140");
        assertThat(result.branch()).isNull();
        assertThat(result.pullRequest()).isNull();
        assertThat(bareGit("branch", "--list", "--format=%(refname:short)").strip()).isEqualTo("staging");
        assertThat(api.requests).isEmpty();
        assertNoScratchLeft();
    }

    @Test
    void aBadImageIsExit2NamingTheParameterBeforeAnythingIsCloned() throws Exception {
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> pin(request(IMAGE), PASSWORD));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("pinHubImage: image '" + IMAGE + "' is not a pinned image");
        assertThat(git.authorizations).isEmpty();
        assertThat(commands).isEmpty();
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aRepositoryUrlThatCannotBeClonedIsExit2NamingTheParameterAndNeverShowsALoginInIt() {
        for (String url : List.of("ftp://git.example.org/hubs.git", "git@github.com:datahub/hubs.git",
                "http://git.example.org/datahub/hubs.git", "https://" + USER + ":" + PASSWORD + "@github.com/d/h.git")) {
            PinRun.Request request = new PinRun.Request(IMAGE + ":0123456789ab", new DeploymentSelection(null), null,
                    true, "origin", true, "staging", api.url(), url);
            HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> pin(request, PASSWORD));
            assertThat(e.exitCode()).as(url).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).as(url).contains("pinHubImage: repositoryUrl").doesNotContain(PASSWORD);
        }
        assertThat(commands).isEmpty();
    }

    @Test
    void aBaseTheRepositoryLacksIsExit2NamingBase() throws Exception {
        PinRun.Request request = new PinRun.Request(IMAGE + ":0123456789ab", new DeploymentSelection(null), null,
                true, "origin", true, "main", api.url(), git.url("datahub/hubs.git"));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> pin(request, PASSWORD));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("pinHubImage: base 'main'", "has no such branch");
        assertNoScratchLeft();
    }

    @Test
    void aWrongPasswordIsExit3NamingTheCredentialAndShowsNeitherPassword() throws Exception {
        String wrong = "ghs_WRONG0password0for0the0test0987654";

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> pin(request(IMAGE + ":0123456789ab"), wrong));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("refused the credentials", "pinHubImage's gitCredentialsId");
        assertThat(git.authorizations).isNotEmpty();
        assertThat(api.requests).isEmpty();
        assertNoScratchLeft();
        assertSecretNowhere(wrong, e.getMessage());
    }

    @Test
    void aPushTheServerRefusesIsExit3AndNothingIsHalfDone() throws Exception {
        // the real http-backend refuses receive-pack (403) when the repository disables it: a token without write
        ExampleRepo.git(bare, "config", "http.receivepack", "false");

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> pin(request(IMAGE + ":0123456789ab"), PASSWORD));

        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("git push of " + BRANCH, "'Contents: write'",
                "Nothing was pushed and no pull request was opened; the temporary clone was deleted");
        assertThat(bareGit("branch", "--list", "--format=%(refname:short)").strip()).isEqualTo("staging");
        assertThat(api.requests).isEmpty();
        assertNoScratchLeft();
        assertSecretNowhere(PASSWORD, e.getMessage());
    }

    @Test
    void aBranchOfThatNameAtAnotherCommitIsNeverOverwritten() throws Exception {
        // an earlier run's (or someone's) commit on the branch name, not an ancestor of what this run commits
        String other = bareGit("-c", "user.name=t", "-c", "user.email=t@localhost", "commit-tree", "staging^{tree}",
                "-m", "someone else's pin").strip();
        ExampleRepo.git(bare, "update-ref", "refs/heads/" + BRANCH, other);
        String before = bareGit("rev-parse", "refs/heads/" + BRANCH);

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> pin(request(IMAGE + ":0123456789ab"), PASSWORD));

        assertThat(e.exitCode()).as(e.getMessage()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("already has a branch " + BRANCH, "Nothing was pushed");
        assertThat(bareGit("rev-parse", "refs/heads/" + BRANCH)).isEqualTo(before);
        assertThat(api.requests).isEmpty();
        assertNoScratchLeft();
    }

    private PinRun.Request request(String image) {
        return new PinRun.Request(image, new DeploymentSelection(null), null, true, "origin", true, "staging",
                api.url(), git.url("datahub/hubs.git"));
    }

    private PinRun.Result pin(PinRun.Request request, String password) throws Exception {
        ProcessRunner local = new LocalProcessRunner(workspace, log);
        ProcessRunner recording = spec -> {
            commands.add(spec);
            return local.run(spec);
        };
        return new PinRun(recording, new LocalAgent(workspace), log, Map.of(), STEP)
                .run(request, new GitCredentials(USER, password), password);
    }

    /** The scratch directory (askpass files, the clone) is gone, and the workspace got nothing. */
    private void assertNoScratchLeft() throws IOException {
        Path scratchParent = workspace.resolveSibling(workspace.getFileName() + "@tmp");
        if (Files.exists(scratchParent)) {
            try (Stream<Path> left = Files.list(scratchParent)) {
                assertThat(left.toList()).isEmpty();
            }
        }
        try (Stream<Path> files = Files.list(workspace)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /** Not in the log, the result, any command's argv or environment, or any file left on disk. */
    private void assertSecretNowhere(String secret, String... more) throws IOException {
        assertThat(log.text()).doesNotContain(secret);
        for (String text : more) {
            assertThat(text).doesNotContain(secret);
        }
        for (ProcessSpec c : commands) {
            assertThat(String.join(" ", c.argv())).doesNotContain(secret);
            assertThat(c.env().toString()).doesNotContain(secret);
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                    holding.add(f);
                }
            }
        }
        assertThat(holding).as("files holding the secret").isEmpty();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String currentPin() throws IOException {
        String text = bareGit("show", "staging:deployments/prob140/hubploy.yaml");
        Matcher m = Pattern.compile(Pattern.quote(IMAGE) + ":([A-Za-z0-9_.-]+)").matcher(text);
        assertThat(m.find()).as("the snapshot pins " + IMAGE + " in prob140").isTrue();
        return m.group(1);
    }

    private String bareGit(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("git", "--git-dir", bare.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return out;
    }
}
