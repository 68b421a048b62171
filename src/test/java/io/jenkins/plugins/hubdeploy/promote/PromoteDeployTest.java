package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Mode deploy refuses before prod is touched: no helm and no kubectl command may run when the evidence does not
 * hold, a deny window is open, a configured image never ran on staging, or the prod smoke token is missing. Real git;
 * every other command is recorded (and would fail: this machine has no helm).
 */
class PromoteDeployTest {
    @TempDir
    Path tmp;

    private final CollectingLog log = new CollectingLog();
    private final List<ProcessSpec> commands = new CopyOnWriteArrayList<>();

    private Map<String, Object> deploy(Path clone, Map<String, String> env, String override, String hubToken)
            throws Exception {
        ProcessRunner recording = spec -> {
            commands.add(spec);
            return new LocalProcessRunner(clone, log).run(spec);
        };
        PromoteOptions options = new PromoteOptions(PromoteMode.DEPLOY, null, null, null, null, null, null, null, null,
                null, null, null, false, false, override, null);
        return PromoteRepos.engine(recording, clone, log, env, Clock.systemUTC()).run(PromoteRepos.config(clone),
                options, null, null, hubToken);
    }

    private Path promotedProd(PromoteRepos repos, List<ImageValues> images) throws Exception {
        Path ci = repos.clone("ci", "staging");
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 3\n");
        PromoteRepos.stagingBuild(ci, images, 5, 0);
        PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.RECORD), null, null);
        PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.MERGE), null, null);
        return repos.clone("prod-build", "prod");
    }

    private void assertNothingTouchedProd() {
        assertThat(commands).allSatisfy(spec -> assertThat(spec.executable()).isEqualTo("git"));
        assertThat(commands).noneSatisfy(spec -> assertThat(spec.argv()).contains("push"));
    }

    @Test
    void noEvidenceForTheProdCheckoutsTreeIsRefused() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        Path prod = repos.clone("prod-build", "prod");
        PromoteRepos.commitAndPush(prod, "config/prod.yaml", "a: 5\n");

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(prod, Map.of("BRANCH_NAME", "prod"), null, "hub-token"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("check 'evidence' failed").contains(PromoteRepos.tree(prod, "HEAD"));
        assertNothingTouchedProd();
    }

    @Test
    void anOpenDenyWindowRefusesWithoutAnOverride() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        PromoteRepos repos = PromoteRepos.create(tmp, List.of(), "promotion:\n  denyWindows:\n"
                + "    - {from: \"" + today.minusDays(1) + "T00:00\", to: \"" + today.plusDays(2) + "T00:00\","
                + " timeZone: UTC, reason: finals week}\n");
        Path prod = promotedProd(repos, List.of());
        commands.clear();

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(prod, Map.of("BRANCH_NAME", "prod"), null, "hub-token"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("prod is frozen now").contains("finals week").contains("overrideDenyWindow");
        assertNothingTouchedProd();
    }

    @Test
    void aConfiguredImageThatNeverRanOnStagingIsRefused() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of("127.0.0.1:5000/hub/user-image"));
        // the staging deploy recorded no image (as if the image was added to the configuration afterwards)
        Path prod = promotedProd(repos, List.of());
        commands.clear();

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(prod, Map.of("BRANCH_NAME", "prod"), null, "hub-token"));

        assertThat(e.getMessage()).contains("image 127.0.0.1:5000/hub/user-image is in the configuration but not in the"
                + " staging evidence");
        assertNothingTouchedProd();
    }

    @Test
    void withoutTheProdHubTokenNothingIsDeployed() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        Path prod = promotedProd(repos, List.of());
        commands.clear();

        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> deploy(prod, Map.of("BRANCH_NAME", "prod"), null, null));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("hubCredentialsId").contains("--token-env");
        assertNothingTouchedProd();
    }
}
