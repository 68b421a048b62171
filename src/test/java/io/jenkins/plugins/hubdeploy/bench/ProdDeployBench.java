package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.HelmCli;
import io.jenkins.plugins.hubdeploy.helm.HelmFlags;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.promote.ProdDeployOptions;
import io.jenkins.plugins.hubdeploy.promote.ProdDeployOutcome;
import io.jenkins.plugins.hubdeploy.promote.ProdDeployer;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import io.jenkins.plugins.hubdeploy.testing.JupyterHubFixture;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import io.jenkins.plugins.hubdeploy.testing.Tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code promote --mode deploy}'s prod deploy ({@link ProdDeployer}: digest re-check, helm history, helm upgrade with
 * the engine's checks and rollout wait, deploy record, smoke test) in one JVM, side by side with the floor a person
 * needs by hand on the same cluster: one {@code helm upgrade --install --wait} with the same values files and image
 * tags, then the smoke test alone (SmokeRun, what {@code hubdeploy smoke} runs). Real test cluster (kwok), real helm,
 * real registry, real JupyterHub, all on 127.0.0.1 and stopped at the end. Each run is an upgrade of a live release.
 * Run by bench/promote-deploy.sh: {@code ProdDeployBench <helm3|helm4> <runs>}.
 */
public final class ProdDeployBench {
    private ProdDeployBench() {
    }

    public static void main(String[] args) throws Exception {
        String tool = args[0];
        int runs = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("hubdeploy-bench-prod-deploy-");
        TestCluster cluster = TestCluster.start(work.resolve("cluster"));
        RegistryFixture registry = null;
        JupyterHubFixture hub = null;
        try {
            registry = RegistryFixture.start(work.resolve("registry"));
            hub = JupyterHubFixture.start(JupyterHubFixture.Options.defaults());
            run(tool, runs, work, cluster, registry, hub);
        } finally {
            if (hub != null) {
                hub.stop();
            }
            if (registry != null) {
                registry.stop();
            }
            cluster.close();
        }
    }

    private static void run(String tool, int runs, Path work, TestCluster cluster, RegistryFixture registry,
                            JupyterHubFixture hub) throws Exception {
        Path helm = Tools.helm(tool);
        String namespace = cluster.newNamespace("bench-prod");
        Path repo = ExampleRepo.datahub(work.resolve("repo"), registry.hostPort(), "bench");
        ExampleRepo.prodOn(repo, namespace, hub.url(), "bench-smoke", List.of("json"));
        List<ImageValues> images = List.of(
                new ImageValues(registry.hostPort() + "/datahub/user-image", "b1",
                        registry.pushTinyImage("datahub/user-image", "b1"), null),
                new ImageValues(registry.hostPort() + "/datahub/tools-image", "b1",
                        registry.pushTinyImage("datahub/tools-image", "b1"), null));
        Map<String, String> env = Map.of("KUBECONFIG", cluster.deployerKubeconfig().toString(), HelmCli.HELM_BIN,
                helm.toString(), KubectlCli.KUBECTL_BIN, Tools.kubectl().toString(), "SOPS_BIN", Tools.sops().toString());
        DeploymentConfig config = ConfigLoader.load(repo, "datahub");
        LocalAgent agent = new LocalAgent(repo);
        List<String> byHand = new ArrayList<>(List.of(helm.toString(), "upgrade", "--install", "datahub-prod",
                repo.resolve("hub").toString(), "--namespace", namespace, new HelmFlags(tool.equals("helm3") ? 3 : 4)
                        .waitForReady(), "--timeout", "300s"));
        for (String values : List.of("config/common.yaml", "config/prod.yaml", "secrets/prod.yaml")) {
            byHand.addAll(List.of("--values", repo.resolve("deployments/datahub").resolve(values).toString()));
        }
        byHand.addAll(List.of("--set-string", "jupyterhub.singleuser.image.name=" + images.get(0).name(),
                "--set-string", "jupyterhub.singleuser.image.tag=" + images.get(0).tag(),
                "--set-string", "tools.image.name=" + images.get(1).name(),
                "--set-string", "tools.image.tag=" + images.get(1).tag()));

        List<Long> flow = new ArrayList<>();
        List<Long> flowHelm = new ArrayList<>();
        List<Long> handHelm = new ArrayList<>();
        List<Long> handSmoke = new ArrayList<>();
        for (int i = 0; i <= runs; i++) { // run 0 is the first install: not counted
            CollectingLog log = new CollectingLog();
            AtomicLong upgradeNanos = new AtomicLong();
            LocalProcessRunner real = new LocalProcessRunner(repo, log);
            ProcessRunner timed = spec -> {
                long start = System.nanoTime();
                try {
                    return real.run(spec);
                } finally {
                    if (spec.argv().size() > 1 && spec.argv().get(1).equals("upgrade")) {
                        upgradeNanos.addAndGet(System.nanoTime() - start);
                    }
                }
            };
            long start = System.nanoTime();
            ProdDeployOutcome outcome = new ProdDeployer(timed, agent, SerializableBuildLog.inProcess(log), env)
                    .deploy(config, images, ProdDeployOptions.defaults("prod"), hub.token());
            long total = System.nanoTime() - start;
            if (outcome.exitCode() != ExitCode.OK) {
                throw new IllegalStateException("the prod deploy failed: " + outcome.message() + "\n" + log.text());
            }

            start = System.nanoTime();
            ProcessResult helmResult = real.run(ProcessSpec.of(byHand).withEnv(Map.of("KUBECONFIG",
                    cluster.deployerKubeconfig().toString())).withTimeout(Duration.ofMinutes(6)));
            long helmByHand = System.nanoTime() - start;
            if (!helmResult.ok()) {
                throw new IllegalStateException("helm upgrade by hand failed: " + helmResult.stderr());
            }
            start = System.nanoTime();
            SmokeOptions smoke = SmokeRun.resolve(ProdDeployOptions.defaults("prod").smoke(), () -> config);
            SmokeReport report = new SmokeRun(agent, SerializableBuildLog.inProcess(log)).run(smoke, hub.token());
            long smokeByHand = System.nanoTime() - start;
            if (report.exitCode() != ExitCode.OK) {
                throw new IllegalStateException("the smoke test failed: " + report.failureLines());
            }
            if (i > 0) {
                flow.add(total / 1_000_000);
                flowHelm.add(upgradeNanos.get() / 1_000_000);
                handHelm.add(helmByHand / 1_000_000);
                handSmoke.add(smokeByHand / 1_000_000);
            }
        }
        long f = median(flow);
        long fh = median(flowHelm);
        long hh = median(handHelm);
        long hs = median(handSmoke);
        System.out.printf("%s %d %d %d %d %d %d%n", Tools.version(tool), f, fh, hh, hs, f - hh - hs, f - fh - hs);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
