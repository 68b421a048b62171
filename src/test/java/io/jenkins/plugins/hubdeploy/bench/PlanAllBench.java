package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.run.ChangedSinceLive;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Time to plan all of DataHub's deployments at once, in one JVM (as the steps run in a Jenkins agent), on each real
 * snapshot: for every deployment, load its configuration, compute its images' content tags (or pins) and decide
 * whether it changed since the commit live in staging. The live records come from the recording kubectl stand-in
 * (SIMULATED: no cluster here); git and every file read are real. Sequential and 4 at a time; median of the runs.
 * Run by bench/plan-all.sh: {@code PlanAllBench <runs> <scratch>}.
 */
public final class PlanAllBench {
    private PlanAllBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path scratch = Path.of(args[1]);
        System.out.printf("%-6s %-11s %-26s %-26s%n", "year", "deployments", "plan all, 1 at a time (ms)",
                "plan all, 4 at a time (ms)");
        for (String year : RealHubSnapshots.YEARS) {
            Path repo = RealHubSnapshots.unpack(year, scratch);
            String head = git(repo);
            List<String> names = ConfigLoader.listDeployments(repo);
            CollectingLog log = new CollectingLog();
            FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
            for (String name : names) {
                cluster.configMaps.put("hubdeploy-record-" + name + "-staging", new DeployRecord(name, "staging",
                        name + "-staging", name + "-staging", 1, "deployed", "hub", "1", List.of(), "x", head, null,
                        false, "2024-01-01T00:00:00Z", null, "v3").toJson());
            }
            long[] sequential = new long[runs];
            long[] parallel = new long[runs];
            plan(repo, names, cluster, log, 1);
            for (int i = 0; i < runs; i++) {
                sequential[i] = plan(repo, names, cluster, log, 1);
                parallel[i] = plan(repo, names, cluster, log, 4);
            }
            System.out.printf("%-6s %-11d %-26d %-26d%n", year, names.size(), median(sequential), median(parallel));
        }
    }

    private static long plan(Path repo, List<String> names, FakeHelmCluster cluster, CollectingLog log, int threads)
            throws Exception {
        long start = System.nanoTime();
        LocalAgent agent = new LocalAgent(repo);
        List<EachDeployment.Outcome> outcomes = EachDeployment.run(names, threads, log, (name, own) -> {
            DeploymentConfig config = ConfigLoader.load(repo, name);
            List<String> tags = new ContentTagger(cluster, agent, own).tagsFor(config.images());
            ChangedSinceLive.Decision decision = new ChangedSinceLive(cluster, Map.of()).decide(config, "staging");
            return Map.of("tags", tags, "deploy", decision.deploy());
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (outcomes.stream().anyMatch(o -> !o.status().equals("ok") || (Boolean) o.result().get("deploy"))) {
            throw new IllegalStateException("unexpected plan: " + outcomes);
        }
        log.lines.clear();
        return millis;
    }

    private static long median(long[] values) {
        List<Long> sorted = new ArrayList<>();
        for (long v : values) {
            sorted.add(v);
        }
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String git(Path repo) throws Exception {
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }
}
