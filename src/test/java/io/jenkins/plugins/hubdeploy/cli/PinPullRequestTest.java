package io.jenkins.plugins.hubdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.promote.GitHubApiServer;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.answer;
import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.pull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy pin --pull-request} on DataHub's 2024 snapshot: real git pushes the branch to a bare repository
 * on disk (the remote's push URL), while its fetch URL names the GitHub repository; the loopback server answers as
 * GitHub's REST API documents it (github.com itself may not be reached by tests).
 */
class PinPullRequestTest {
    private static final String IMAGE = "us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/datahub-user-image";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String TOKEN = "ghp_FAKE0pin0token0for0tests0123456789";
    private static final String BRANCH = "hubdeploy/pin-datahub-user-image-0123456789ab";
    private static final String LIST = "GET /repos/datahub/hubs/pulls?state=open&head=datahub:" + BRANCH + "&base=staging";

    @TempDir
    Path tmp;

    private Path repo;
    private Path origin;
    private GitHubApiServer api;

    @BeforeEach
    void setUp() throws Exception {
        repo = RealHubSnapshots.unpack("2024", tmp);
        origin = tmp.resolve("origin.git");
        ExampleRepo.git(tmp, "init", "-q", "--bare", origin.toString());
        ExampleRepo.git(repo, "remote", "add", "origin", "https://github.com/datahub/hubs.git");
        ExampleRepo.git(repo, "config", "remote.origin.pushurl", origin.toString());
        api = GitHubApiServer.start();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void opensThePullRequestNamingImageOldAndNewPinDeploymentsAndDigest() throws Exception {
        String oldPin = oldPin();
        api.on(LIST, answer(200, "[]"));
        api.on("POST /repos/datahub/hubs/pulls", answer(201, pull(7, BRANCH, "f".repeat(40), "staging")));

        CliRun r = pin("--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("pullRequest").path("number").asInt()).isEqualTo(7);
        assertThat(json.path("created").asBoolean()).isTrue();
        assertThat(json.path("branch").asText()).isEqualTo(BRANCH);
        assertThat(git(origin, "branch", "--list")).contains(BRANCH);
        assertThat(api.requests("POST")).hasSize(1);
        JsonNode sent = new ObjectMapper().readTree(api.requests("POST").get(0).body());
        assertThat(sent.path("head").asText()).isEqualTo(BRANCH);
        assertThat(sent.path("base").asText()).isEqualTo("staging");
        assertThat(sent.path("title").asText()).contains("datahub-user-image", "0123456789ab@" + DIGEST, "datahub, dlab");
        assertThat(sent.path("body").asText()).contains(IMAGE, "from: `" + oldPin + "`", "to: `0123456789ab@" + DIGEST,
                "digest: `" + DIGEST + "`", "| prob140 | `" + oldPin + "` | deployments/prob140/hubploy.yaml |",
                json.path("commit").asText());
        assertThat(api.requests).allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer " + TOKEN));
        assertThat(r.out() + r.err()).doesNotContain(TOKEN).contains("opened pull request #7");
    }

    @Test
    void anOpenPullRequestFromTheBranchIsUpdatedNeverASecondOne() throws Exception {
        api.on(LIST, answer(200, "[" + pull(12, BRANCH, "e".repeat(40), "staging") + "]"));
        api.on("PATCH /repos/datahub/hubs/pulls/12", answer(200, pull(12, BRANCH, "e".repeat(40), "staging")));

        CliRun r = pin();

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(api.requests("POST")).isEmpty();
        assertThat(api.requests("PATCH")).hasSize(1);
        assertThat(api.requests("PATCH").get(0).body()).contains("0123456789ab@" + DIGEST);
        assertThat(r.out()).contains("pull request #12 updated");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }

    @Test
    void aPullRequestOpenedMeanwhileIsUpdatedNotDuplicated() throws Exception {
        // GitHub's answer when another run opened the same head -> base between our list and our create
        api.on(LIST, answer(200, "[]"), answer(200, "[" + pull(13, BRANCH, "d".repeat(40), "staging") + "]"));
        api.on("POST /repos/datahub/hubs/pulls", answer(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                + "\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request already exists for datahub:" + BRANCH
                + ".\"}],\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\"}"));
        api.on("PATCH /repos/datahub/hubs/pulls/13", answer(200, pull(13, BRANCH, "d".repeat(40), "staging")));

        CliRun r = pin("--json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(api.requests("POST")).hasSize(1);
        assertThat(api.requests("PATCH")).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("pullRequest").path("number").asInt()).isEqualTo(13);
        assertThat(json.path("created").asBoolean()).isFalse();
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }

    @Test
    void aRejectedTokenIsExit3NamingThePermissionAndTheBranchIsStillPushed() throws Exception {
        api.on(LIST, answer(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}"));

        CliRun r = pin();

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("401 Bad credentials", "'Pull requests: read'", "datahub/hubs");
        assertThat(git(origin, "branch", "--list")).contains(BRANCH);
        assertThat(api.requests("POST")).isEmpty();
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }

    @Test
    void withoutATokenOrWithABadBaseNothingIsChanged() throws Exception {
        CliRun r = CliRun.withEnv(Map.of(), "pin", "-C", repo.toString(), "--image", IMAGE + ":0123456789ab",
                "--pull-request", "--github-token-env", "HUBDEPLOY_PIN_TOKEN");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("HUBDEPLOY_PIN_TOKEN", "'Pull requests: write'");
        CliRun badBase = pin("--base", "staging&head=other:x");
        assertThat(badBase.code()).isEqualTo(2);
        assertThat(badBase.err()).contains("--base 'staging&head=other:x' is not a branch name");
        assertThat(git(repo, "status", "--porcelain")).isEmpty();
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aRemoteThatIsNotOnGitHubIsRefusedBeforeAnythingChangesWithoutShowingItsToken() throws Exception {
        ExampleRepo.git(repo, "remote", "set-url", "origin", "https://x-access-token:" + TOKEN + "@git.example.org/hubs");

        CliRun r = pin();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not a GitHub repository URL", "https://git.example.org/hubs");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
        // refused before anything changed: no edit, no branch, nothing pushed
        assertThat(git(repo, "status", "--porcelain")).isEmpty();
        assertThat(git(origin, "branch", "--list")).isEmpty();
        assertThat(api.requests).isEmpty();
    }

    private CliRun pin(String... more) {
        String[] base = {"pin", "-C", repo.toString(), "--image", IMAGE + ":0123456789ab@" + DIGEST, "--pull-request",
                "--github-api-url", api.url(), "--github-token-env", "HUBDEPLOY_PIN_TOKEN"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.withEnv(Map.of("HUBDEPLOY_PIN_TOKEN", TOKEN), args);
    }

    /** The tag the snapshot pins the image at (read from the file, not assumed). */
    private String oldPin() throws Exception {
        String text = Files.readString(repo.resolve("deployments/prob140/hubploy.yaml"));
        Matcher m = Pattern.compile(Pattern.quote(IMAGE) + ":([A-Za-z0-9_.-]+)").matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
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
}
