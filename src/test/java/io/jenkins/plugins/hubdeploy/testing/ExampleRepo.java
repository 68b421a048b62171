package io.jenkins.plugins.hubdeploy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Copies of examples/datahub as fresh git repositories, for tests that build and push its images for real. */
public final class ExampleRepo {
    /**
     * A workload for hub/templates/hub.yaml, so a deploy to the test cluster has a rollout to wait for (kwok makes its
     * pod ready unless the pod carries kwok.x-k8s.io/status: custom).
     */
    public static final String HUB_DEPLOYMENT = """
            # added by the test (ExampleRepo.HUB_DEPLOYMENT): a workload to roll out (kwok makes its pod ready unless the pod carries
            # kwok.x-k8s.io/status: custom, which kwok leaves alone: a pod that never becomes ready)
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hub
            spec:
              replicas: 1
              selector:
                matchLabels: {app: hub, release: {{ .Release.Name }}}
              template:
                metadata:
                  labels: {app: hub, release: {{ .Release.Name }}}
                  {{- with .Values.hubPodAnnotations }}
                  annotations: {{- toYaml . | nindent 8 }}
                  {{- end }}
                spec:
                  containers:
                    - name: hub
                      image: "{{ .Values.jupyterhub.singleuser.image.name }}:{{ .Values.jupyterhub.singleuser.image.tag }}"
            """;

    private ExampleRepo() {
    }

    /**
     * examples/datahub copied to {@code repo}, its images pointed at {@code registryHost}, a file naming
     * {@code uniqueId} added to each image context (so every test gets its own content tags in a shared registry),
     * committed to a new git repository.
     */
    public static Path datahub(Path repo, String registryHost, String uniqueId) throws IOException, InterruptedException {
        Path source = Path.of("examples/datahub").toAbsolutePath();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = repo.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path config = repo.resolve("deployments/datahub/hubdeploy.yaml");
        Files.writeString(config, Files.readString(config).replace("127.0.0.1:5000", registryHost));
        for (String image : List.of("user-image", "tools-image")) {
            Files.writeString(repo.resolve("deployments/datahub/images/" + image + "/test-id.txt"), uniqueId + "\n");
        }
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "example");
        return repo;
    }

    /**
     * Points the copy's prod environment at a test cluster namespace and a test hub, with a smoke test of
     * {@code smokeUser} importing {@code imports}; adds {@link #HUB_DEPLOYMENT} (a rollout to wait for) and commits.
     */
    public static void prodOn(Path repo, String namespace, String hubUrl, String smokeUser, List<String> imports)
            throws IOException, InterruptedException {
        Files.writeString(repo.resolve("hub/templates/hub.yaml"), HUB_DEPLOYMENT);
        Path yaml = repo.resolve("deployments/datahub/hubdeploy.yaml");
        String config = Files.readString(yaml).replace("hubUrl: https://datahub.example.org", "hubUrl: " + hubUrl)
                .replace("namespace: \"{deployment}-prod\"", "namespace: " + namespace);
        config = config.substring(0, config.indexOf("smoke:")) + "smoke:\n  user: " + smokeUser + "\n  imports: ["
                + String.join(", ", imports) + "]\n  timeout: 120\n";
        Files.writeString(yaml, config);
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "prod in " + namespace + ", the test's hub and smoke settings");
    }

    /** Runs git in {@code repo} with a throw-away identity; fails with git's output. */
    public static void git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@localhost"));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
    }
}
