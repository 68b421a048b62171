package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * record in a workspace where one build deployed several deployments (CLI {@code deploy -d hub,hub2}, or the steps
 * called per deployment): the shared {@code .hubdeploy/deploy-staging.json} holds only the last one deployed, so each
 * deployment's record must bind its own {@code .hubdeploy/deployments/<d>/deploy-staging.json}. Real git (a bare
 * origin and a clone); the deploy records and smoke reports are what the deploy and smoke runs write.
 */
class RecordManyDeploymentsTest {
    private static final Map<String, String> STAGING_BUILD = Map.of("BRANCH_NAME", "staging");

    @TempDir
    Path tmp;

    private Path ci;
    private final CollectingLog log = new CollectingLog();

    @BeforeEach
    void twoDeployments() throws Exception {
        PromoteRepos repos = PromoteRepos.create(tmp, List.of());
        ci = repos.clone("ci", "staging");
        Path hub = ci.resolve("deployments/hub");
        for (String file : List.of("hubdeploy.yaml", "chart/Chart.yaml", "image/Dockerfile", "config/staging.yaml",
                "config/prod.yaml")) {
            PromoteRepos.write(ci.resolve("deployments/hub2").resolve(file), Files.readString(hub.resolve(file)));
        }
        PromoteRepos.git(ci, "add", "-A");
        PromoteRepos.git(ci, "commit", "-qm", "a second hub");
        PromoteRepos.git(ci, "push", "-q", "origin", "HEAD");
    }

    private void deployed(String deployment, int revision) throws Exception {
        DeployRecord record = new DeployRecord(deployment, "staging", deployment + "-staging", "hub-staging", revision,
                "deployed", "hub", "1.0.0", List.of(), String.valueOf(revision).repeat(64).substring(0, 64),
                PromoteRepos.head(ci), PromoteRepos.tree(ci, "HEAD"), false, "2026-12-01T10:00:00Z", null, "v3.16.0");
        // what DeployRun writes: the deployment's own copy, and the shared file (the last deployed wins)
        PromoteRepos.write(ci.resolve(DeployRecord.workspacePath(deployment, "staging")), record.toJson());
        PromoteRepos.write(ci.resolve(DeployRecord.workspacePath("staging")), record.toJson());
        PromoteRepos.write(ci.resolve("hubdeploy-smoke-" + deployment + ".json"), "{\"hubUrl\": \"http://127.0.0.1:9\","
                + " \"passed\": " + revision + ", \"failed\": 0, \"skipped\": 0, \"exitCode\": 0}");
    }

    private Map<String, Object> record(String deployment, Map<String, String> env) throws Exception {
        PromoteOptions options = new PromoteOptions(PromoteMode.RECORD, null, null, null, null, null, null,
                "hubdeploy-smoke-" + deployment + ".json", null, null, null, null, false, false, null, null);
        return PromoteRepos.engine(ci, log, env, Clock.systemUTC()).run(ConfigLoader.load(ci, deployment), options,
                null, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deploy(Map<String, Object> result) {
        return (Map<String, Object>) ((Map<String, Object>) result.get("evidence")).get("deploy");
    }

    @Test
    void eachDeploymentsRecordBindsItsOwnDeployRecordNotTheLastOneDeployed() throws Exception {
        deployed("hub", 4);
        deployed("hub2", 9);   // deployed last: the shared file is hub2's

        Map<String, Object> hub = record("hub", STAGING_BUILD);
        Map<String, Object> hub2 = record("hub2", STAGING_BUILD);

        assertThat(deploy(hub)).containsEntry("release", "hub-staging").containsEntry("revision", 4);
        assertThat(deploy(hub2)).containsEntry("release", "hub2-staging").containsEntry("revision", 9);
        assertThat(hub.get("carriedOver")).isNull();
        String note = PromoteRepos.git(ci, "notes", "--ref=hubdeploy", "show", PromoteRepos.tree(ci, "HEAD"));
        EvidenceNote parsed = EvidenceNote.parse(note, "test");
        assertThat(parsed.find("hub", "staging").orElseThrow().smoke().passed()).isEqualTo(4);
        assertThat(parsed.find("hub2", "staging").orElseThrow().smoke().passed()).isEqualTo(9);
    }

    @Test
    void aDeploymentThisBuildDidNotDeployIsNotBoundToAnothersRecord() throws Exception {
        deployed("hub2", 9);
        // hub has no record here and no cluster can say it is unchanged: refused, naming its own record's path
        Map<String, String> noKubectl = Map.of("BRANCH_NAME", "staging", "KUBECTL_BIN", tmp.resolve("no-kubectl").toString());

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> record("hub", noKubectl));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("records hub2/staging, not hub/staging")
                .contains("cannot be carried over either").contains("kubectl is not installed")
                .contains("withKubeConfig");
        assertThat(PromoteRepos.git(ci, "notes", "--ref=hubdeploy", "list")).isBlank();
    }

    @Test
    void aDeployedDeploymentStillNeedsItsSmokeReport() throws Exception {
        deployed("hub", 4);
        Files.delete(ci.resolve("hubdeploy-smoke-hub.json"));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> record("hub", STAGING_BUILD));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("no smoke report at hubdeploy-smoke-hub.json");
    }
}
