package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 7, item 7: a failure message built from a tool's output goes to the build log as an AbortException, past
 * the log's masking, so it is masked before. A real process prints the secret on stdout and stderr.
 */
class BuilderFailureMaskingTest {
    private static final String SECRET = "registry-pa55-word";

    @TempDir
    Path workspace;

    @Test
    void buildPushAndTimeoutMessagesNeverCarryARegisteredSecret() throws Exception {
        CollectingLog log = new CollectingLog();
        log.addSecret(SECRET);
        BuilderProcess process = new BuilderProcess(new LocalProcessRunner(workspace, log), Map.of(), log, "buildah",
                "apt-get install buildah");
        List<String> leaky = List.of("sh", "-c", "echo login with " + SECRET + "; echo bad " + SECRET + " >&2; exit 1");
        List<String> hangs = List.of("sh", "-c", "echo waiting for " + SECRET + "; sleep 30");

        HubDeployException build = catchThrowableOfType(HubDeployException.class,
                () -> process.build("r/i:t", leaky, Map.of()));
        HubDeployException push = catchThrowableOfType(HubDeployException.class,
                () -> process.push("r/i:t", "r", leaky, Map.of()));
        HubDeployException timeout = catchThrowableOfType(HubDeployException.class,
                () -> process.run(hangs, Map.of(), Duration.ofSeconds(1)));

        for (HubDeployException e : List.of(build, push, timeout)) {
            assertThat(e.getMessage()).doesNotContain(SECRET).contains("****");
        }
        assertThat(build.getMessage()).contains("login with ****").contains("bad ****");
    }
}
