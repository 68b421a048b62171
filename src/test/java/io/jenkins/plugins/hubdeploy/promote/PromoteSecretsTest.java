package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.answer;
import static io.jenkins.plugins.hubdeploy.promote.GitHubApiServer.pull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The git/GitHub token and the hub token never appear in any output of a promotion: log lines, failure messages,
 * result maps, git notes on the remote, what GitHub receives besides the Authorization header, any git command line
 * or environment, or any file left behind. And git really reads the credentials through the GIT_ASKPASS program.
 */
class PromoteSecretsTest {
    private static final String TOKEN = "ghs_SECRET0git0and0github0token0777";
    private static final String HUB_TOKEN = "hub0SECRET0api0token0for0smoke0888";

    @TempDir
    Path tmp;

    @Test
    void noTokenInAnyOutput() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        Path ci = repos.clone("ci", "staging");
        String commit = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 2\n");
        PromoteRepos.stagingBuild(ci, List.of(), 3, 0);
        List<String> outputs = new ArrayList<>();
        List<ProcessSpec> specs = new CopyOnWriteArrayList<>();
        CollectingLog log = new CollectingLog();
        ProcessRunner recording = spec -> {
            specs.add(spec);
            var result = new LocalProcessRunner(ci, log).run(spec);
            outputs.add(result.stdout());
            outputs.add(result.stderr());
            return result;
        };
        Map<String, String> env = new HashMap<>(Map.of("GIT_URL", "https://github.com/datahub/hubs.git",
                "JUPYTERHUB_API_TOKEN", HUB_TOKEN, "BRANCH_NAME", "staging"));
        ObjectMapper json = new ObjectMapper();
        try (GitHubApiServer api = GitHubApiServer.start()) {
            api.on("POST /repos/datahub/hubs/statuses/" + commit, answer(201, "{}"));
            api.on("GET /repos/datahub/hubs/pulls?state=open&head=datahub:staging&base=prod", answer(200, "[]"));
            api.on("POST /repos/datahub/hubs/pulls", answer(201, pull(3, "staging", commit, "prod")));
            api.on("GET /repos/datahub/hubs/pulls/3", answer(200, pull(3, "staging", commit, "prod")));
            PromoteOptions base = new PromoteOptions(PromoteMode.RECORD, null, null, null, null, null, null, null, null,
                    api.url(), null, null, false, false, null, null);
            GitCredentials credentials = new GitCredentials("x-access-token", TOKEN);
            for (PromoteMode mode : PromoteMode.values()) {
                PromoteOptions options = new PromoteOptions(mode, null, null, null, null, null, null, null, null,
                        base.githubApiUrl(), null, mode == PromoteMode.CHECK ? 3 : null, false, true, null, null);
                try {
                    outputs.add(json.writeValueAsString(PromoteRepos.engine(recording, ci, log, env, Clock.systemUTC())
                            .run(PromoteRepos.config(ci), options, credentials, TOKEN)));
                } catch (HubDeployException e) {
                    outputs.add(e.getMessage());
                }
            }
            // a token GitHub rejects: the failure message still has no token
            api.on("POST /repos/datahub/hubs/statuses/" + commit, answer(401, "{\"message\":\"Bad credentials\"}"));
            try {
                PromoteRepos.engine(recording, ci, log, env, Clock.systemUTC()).run(PromoteRepos.config(ci), base,
                        credentials, TOKEN);
            } catch (HubDeployException e) {
                outputs.add(e.getMessage());
                assertThat(e.getMessage()).contains("401 Bad credentials");
            }
            for (GitHubApiServer.Request r : api.requests) {
                outputs.add(r.path());
                outputs.add(r.body());
                assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
            }
        }
        outputs.addAll(log.lines);
        outputs.add(PromoteRepos.git(repos.origin, "log", "-p", EvidenceStore.REF));
        for (ProcessSpec spec : specs) {
            outputs.add(String.join(" ", spec.argv()));
            outputs.add(spec.env().toString());
        }
        Path scratchParent = ci.resolveSibling(ci.getFileName() + "@tmp");
        if (Files.exists(scratchParent)) {
            try (Stream<Path> left = Files.walk(scratchParent)) {
                for (Path p : left.filter(Files::isRegularFile).toList()) {
                    outputs.add(Files.readString(p));
                }
            }
        }

        assertThat(specs).anySatisfy(s -> assertThat(s.env()).containsKey("GIT_ASKPASS"));
        assertThat(log.secrets).contains(TOKEN);
        assertThat(outputs).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(TOKEN).doesNotContain(HUB_TOKEN));
        assertThat(String.join("\n", outputs)).contains("hubdeploy/staging").contains("evidence");
    }

    @Test
    void gitReadsTheCredentialsThroughTheAskpassProgram() throws Exception {
        Path scratch = Files.createDirectory(tmp.resolve("scratch"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String script = new GitAskpass(scratch.toString(), new GitCredentials("ci-bot", TOKEN)).call(tmp);

        // the real git asks the program for what no helper has: exactly what git does before an HTTPS fetch/push
        ProcessBuilder builder = new ProcessBuilder("git", "-c", "credential.helper=", "credential", "fill")
                .redirectErrorStream(true);
        builder.environment().put("GIT_ASKPASS", script);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process git = builder.start();
        git.getOutputStream().write("protocol=https\nhost=github.com\npath=datahub/hubs.git\n\n".getBytes(StandardCharsets.UTF_8));
        git.getOutputStream().close();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out).contains("username=ci-bot\n").contains("password=" + TOKEN + "\n");
        assertThat(Files.readString(Path.of(script))).doesNotContain(TOKEN).doesNotContain("ci-bot");
        assertThat(Files.getPosixFilePermissions(scratch.resolve("git-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new ScratchDir.Delete(scratch.toString()).call(tmp)).isTrue();
    }
}
