package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.kube.PodDiagnostics;
import io.jenkins.plugins.hubdeploy.kube.Workload;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts: durations, values layering semantics, diff, manifest and history parsing. No processes. */
class HelmPartsTest {
    @Test
    void durationsInHelmForm() throws Exception {
        assertThat(HelmDuration.parse("30m", "t")).isEqualTo(Duration.ofMinutes(30));
        assertThat(HelmDuration.parse("1h30m10s", "t")).isEqualTo(Duration.ofSeconds(5410));
        assertThat(HelmDuration.parse("600", "t")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HelmDuration.format(Duration.ofMinutes(30))).isEqualTo("1800s");
        for (String bad : List.of("", "0s", "m30", "30x", "1.5h")) {
            assertThatThrownBy(() -> HelmDuration.parse(bad, "timeout")).isInstanceOf(HubDeployException.class);
        }
    }

    @Test
    void mergeLayersLikeHelm() {
        Map<String, Object> base = Map.of("a", Map.of("x", 1, "y", 2), "list", List.of(1, 2), "gone", "v");
        Map<String, Object> overlay = new java.util.HashMap<>(Map.of("a", Map.of("y", 3), "list", List.of(9)));
        overlay.put("gone", null);

        Map<String, Object> merged = Values.merge(base, overlay);

        assertThat(merged).isEqualTo(Map.of("a", Map.of("x", 1, "y", 3), "list", List.of(9)));
        assertThat(Values.sha256(merged)).isEqualTo(Values.sha256(Map.of("list", List.of(9), "a", Map.of("y", 3, "x", 1))));
    }

    @Test
    void diffHidesSecretValues() {
        List<String> lines = ValuesDiff.lines(Map.of("p", Map.of("token", "old-secret", "n", 1)),
                Map.of("p", Map.of("token", "new-secret", "n", 2)), Set.of("p.token"));

        assertThat(lines).containsExactly("~ p.n: 1 -> 2", "~ p.token: (secret changed)");
    }

    /** A preflight's diff: left-out paths are not compared, unknown keys make "?" lines, live values hidden. */
    @Test
    void preflightDiffSkipsLeftOutPathsAndHidesLiveValues() {
        Map<String, Object> live = Map.of("p", Map.of("token", "live-secret", "n", 1), "gone", "x");
        Map<String, Object> next = Map.of("p", Map.of("n", 2));

        assertThat(ValuesDiff.lines(live, next, Set.of(), Set.of("p.token"), false, true))
                .containsExactly("- gone", "~ p.n: (live value not shown) -> 2");
        assertThat(ValuesDiff.lines(live, next, Set.of(), Set.of("p"), false, false)).containsExactly("- gone");
        assertThat(ValuesDiff.lines(live, next, Set.of(), Set.of(), true, true))
                .containsExactly("? gone: unknown (a secrets file was left out)", "~ p.n: (live value not shown) -> 2",
                        "? p.token: unknown (a secrets file was left out)");
    }

    /** helm 3's ErrReleaseNotFound ("release: not found") is a first install; other "not found" texts are not. */
    @Test
    void releaseNotFoundMatchesHelmsErrorOnly() {
        assertThat(HelmCli.releaseNotFound(new io.jenkins.plugins.hubdeploy.platform.ProcessResult(1, "", "Error: release: not found\n", false))).isTrue();
        for (String other : List.of("Error: namespaces \"datahub-staging\" not found\n",
                "Error: context was not found for specified context: staging\n",
                "Error: query: failed to query with labels: secrets is forbidden: User \"ci\" cannot list resource \"secrets\"\n")) {
            assertThat(HelmCli.releaseNotFound(new io.jenkins.plugins.hubdeploy.platform.ProcessResult(1, "", other, false))).as(other).isFalse();
        }
    }

    @Test
    void workloadsFromTheManifest() throws Exception {
        List<Workload> w = Workload.fromManifest(new FakeHelmCluster(java.nio.file.Path.of("."), null).manifest, "ns");

        assertThat(w).containsExactly(new Workload("Deployment", "hub", "ns"), new Workload("StatefulSet", "proxy", "datahub-staging"));
    }

    @Test
    void historyFindsTheLastDeployedRevision() throws Exception {
        ReleaseHistory h = ReleaseHistory.parse("""
                [{"revision":3,"updated":"2024-05-02T10:03:00Z","status":"deployed","chart":"hub-0.1.0","app_version":"","description":"Upgrade complete"},
                 {"revision":4,"updated":"2024-05-02T10:04:00Z","status":"pending-upgrade","chart":"hub-0.1.0","app_version":"","description":"Preparing upgrade"},
                 {"revision":2,"updated":"2024-05-02T10:02:00Z","status":"superseded","chart":"hub-0.1.0","app_version":"","description":"Upgrade complete"}]
                """);

        assertThat(h.lastDeployed().orElseThrow().revision()).isEqualTo(3);
        assertThat(ReleaseHistory.parse("[]").lastDeployed()).isEmpty();
    }

    @Test
    void podDiagnosticsSkipHealthyPodsAndNormalEvents() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(PodDiagnostics.pods(json.readTree(FakeHelmCluster.PODS_JSON)))
                .hasSize(3).noneMatch(l -> l.contains("proxy-0"));
        assertThat(PodDiagnostics.events(json.readTree(FakeHelmCluster.EVENTS_JSON)))
                .hasSize(3).last().asString().contains("Failed to pull image");
    }

    @Test
    void sopsDetection() {
        assertThat(SopsFiles.isSopsEncrypted("a: ENC[x]\nsops:\n  mac: ENC[y]\n  version: 3.8.1\n")).isTrue();
        assertThat(SopsFiles.isSopsEncrypted("sops: not-a-map\n")).isFalse();
        assertThat(ValuesLayering.looksSecret("deployments/d/secrets/staging.yaml")).isTrue();
        assertThat(ValuesLayering.looksSecret("deployments/d/config/staging.yaml")).isFalse();
    }
}
