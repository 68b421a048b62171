package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real git for promotion tests: a bare {@code origin} with branches {@code staging} and {@code prod}, and clones of
 * it (a CI workspace, another developer). The deployment "hub" has a minimal hubdeploy.yaml; the deploy record and
 * smoke report a staging build would leave are written in DeployRecord's and the smoke run's own JSON formats.
 */
public final class PromoteRepos {
    public static final String STAGING_HUB = "http://127.0.0.1:9/";
    public final Path root;
    public final Path origin;

    private PromoteRepos(Path root) {
        this.root = root;
        this.origin = root.resolve("origin.git");
    }

    /** origin with one commit on staging and prod (the same), and a hubdeploy.yaml whose images are {@code images}. */
    public static PromoteRepos create(Path root, List<String> images) throws IOException, InterruptedException {
        return create(root, images, "");
    }

    /** The same with {@code extraYaml} appended to hubdeploy.yaml (e.g. a promotion: section). */
    public static PromoteRepos create(Path root, List<String> images, String extraYaml)
            throws IOException, InterruptedException {
        Components.require("git", "apt-get install -y git");
        PromoteRepos repos = new PromoteRepos(root);
        git(root, "init", "-q", "--bare", "-b", "staging", repos.origin.toString());
        Path seed = root.resolve("seed");
        git(root, "clone", "-q", repos.origin.toString(), seed.toString());
        StringBuilder yaml = new StringBuilder("images:\n");
        for (String image : images) {
            yaml.append("  - {name: ").append(image).append(", context: image}\n");
        }
        if (images.isEmpty()) {
            yaml.setLength(0);
            yaml.append("images: []\n");
        }
        yaml.append("chart: {path: chart, release: \"{deployment}-{env}\"}\n")
                .append("environments:\n")
                .append("  staging: {namespace: hub-staging, values: [config/staging.yaml], hubUrl: \"").append(STAGING_HUB).append("\"}\n")
                .append("  prod: {namespace: hub-prod, values: [config/prod.yaml], hubUrl: \"http://127.0.0.1:10/\"}\n")
                .append(extraYaml);
        Path hub = seed.resolve("deployments/hub");
        write(hub.resolve("hubdeploy.yaml"), yaml.toString());
        write(hub.resolve("chart/Chart.yaml"), "apiVersion: v2\nname: hub\nversion: 1.0.0\n");
        write(hub.resolve("image/Dockerfile"), "FROM scratch\n");
        write(hub.resolve("config/staging.yaml"), "a: 1\n");
        write(hub.resolve("config/prod.yaml"), "a: 2\n");
        write(seed.resolve(".gitignore"), ".hubdeploy/\nhubdeploy-smoke.json\n");
        git(seed, "add", "-A");
        git(seed, "commit", "-qm", "initial");
        git(seed, "push", "-q", "origin", "HEAD:refs/heads/staging", "HEAD:refs/heads/prod");
        return repos;
    }

    /** A new clone checked out at {@code branch}. */
    public Path clone(String name, String branch) throws IOException, InterruptedException {
        Path dir = root.resolve(name);
        git(root, "clone", "-q", "-b", branch, origin.toString(), dir.toString());
        return dir;
    }

    /** Commits a file change on the clone's current branch and pushes it; returns the commit. */
    public static String commitAndPush(Path clone, String file, String content) throws IOException, InterruptedException {
        write(clone.resolve(file), content);
        git(clone, "add", "-A");
        git(clone, "commit", "-qm", "change " + file);
        git(clone, "push", "-q", "origin", "HEAD");
        return head(clone);
    }

    public static String head(Path clone) throws IOException, InterruptedException {
        return git(clone, "rev-parse", "HEAD").strip();
    }

    public static String tree(Path clone, String rev) throws IOException, InterruptedException {
        return git(clone, "rev-parse", rev + "^{tree}").strip();
    }

    /** The ref's commit on origin, or "" when origin has no such ref. */
    public String originRef(String ref) throws IOException, InterruptedException {
        String out = git(origin, "for-each-ref", "--format=%(objectname)", ref).strip();
        return out;
    }

    /** What a staging deploy + smoke run leave in the workspace: the deploy record and the smoke report. */
    public static void stagingBuild(Path clone, List<ImageValues> images, long passed, long failed)
            throws IOException, InterruptedException {
        DeployRecord record = new DeployRecord("hub", "staging", "hub-staging", "hub-staging", 4, "deployed", "hub",
                "1.0.0", images, "ab".repeat(32), head(clone), tree(clone, "HEAD"), false, "2026-12-01T10:00:00Z",
                "https://jenkins.example.org/job/hub/7/", "v3.16.0");
        write(clone.resolve(DeployRecord.workspacePath("staging")), record.toJson());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("hubUrl", STAGING_HUB.substring(0, STAGING_HUB.length() - 1));
        report.put("hubVersion", "5.2.1");
        report.put("passed", passed);
        report.put("failed", failed);
        report.put("skipped", 0);
        report.put("exitCode", failed > 0 ? 1 : 0);
        write(clone.resolve("hubdeploy-smoke.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(report));
    }

    public static DeploymentConfig config(Path clone) throws Exception {
        return ConfigLoader.load(clone, null);
    }

    /** The engine as the CLI runs it in {@code clone}, with {@code env} as the build's environment. */
    public static PromoteRun engine(Path clone, CollectingLog log, Map<String, String> env, Clock clock) {
        return engine(new LocalProcessRunner(clone, log), clone, log, env, clock);
    }

    public static PromoteRun engine(ProcessRunner runner, Path clone, CollectingLog log, Map<String, String> env, Clock clock) {
        return new PromoteRun(runner, new LocalAgent(clone), SerializableBuildLog.inProcess(log), env, clock);
    }

    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=dev", "-c", "user.email=dev@localhost"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    public static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /**
     * Lease calls (and creating the namespace) go to the real kubectl against the KubeApiMock in the environment's
     * KUBECONFIG; helm and the workload kubectl calls go to the helm stand-in.
     */
    public static ProcessRunner leasesToRealKubectl(Path prod, CollectingLog log, FakeHelmCluster cluster) {
        LocalProcessRunner real = new LocalProcessRunner(prod, log);
        return spec -> leaseCall(spec) ? real.run(spec) : cluster.run(spec);
    }

    private static boolean leaseCall(ProcessSpec spec) {
        if (!Path.of(spec.executable()).getFileName().toString().equals("kubectl")) {
            return false;
        }
        List<String> argv = spec.argv();
        return argv.stream().anyMatch(a -> a.contains("/leases") || a.contains("coordination.k8s.io")
                || a.matches(".*lease-(create|replace|delete)\\.json")) || argv.containsAll(List.of("create", "namespace"));
    }
}
