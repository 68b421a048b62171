package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The git credentials over a remote that demands them: the real {@code git http-backend} behind HTTP Basic auth on a
 * loopback port. With the job's credentials the evidence notes are fetched and pushed (git got them from the
 * GIT_ASKPASS program); with a wrong token or none, exit 3 naming the permission; never the token in any output.
 */
class PromoteHttpRemoteTest {
    private static final String TOKEN = "ghs_HTTP0remote0token0for0tests0only42";

    @TempDir
    Path tmp;

    @Test
    void theJobsCredentialsReachGitOnlyThroughAskpass() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        Path ci = repos.clone("ci", "staging");
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 2\n");
        PromoteRepos.stagingBuild(ci, List.of(), 3, 0);
        CollectingLog log = new CollectingLog();
        try (GitHttpServer server = GitHttpServer.start(tmp, "ci-bot", TOKEN)) {
            PromoteRepos.git(ci, "remote", "set-url", "origin", server.url("origin.git"));

            HubDeployException none = catchThrowableOfType(HubDeployException.class, () -> record(ci, log, null));
            HubDeployException wrong = catchThrowableOfType(HubDeployException.class,
                    () -> record(ci, log, new GitCredentials("ci-bot", "not-the-token-123")));
            assertThat(repos.originRef(EvidenceStore.REF)).isEmpty();
            Map<String, Object> result = record(ci, log, new GitCredentials("ci-bot", TOKEN));

            assertThat(none.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(none.getMessage()).contains("refused the credentials").contains("read access");
            assertThat(wrong.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(wrong.getMessage()).contains("refused the credentials").contains("gitCredentialsId");
            assertThat(result.get("recorded")).isEqualTo(true);
            assertThat(repos.originRef(EvidenceStore.REF)).isNotEmpty();
            assertThat(server.authorizations).contains("Basic " + Base64.getEncoder()
                    .encodeToString(("ci-bot:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
            for (String text : List.of(none.getMessage(), wrong.getMessage(), log.text(), result.toString())) {
                assertThat(text).doesNotContain(TOKEN);
            }
        }
    }

    private static Map<String, Object> record(Path ci, CollectingLog log, GitCredentials credentials) throws Exception {
        return PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.RECORD), credentials, null);
    }
}
