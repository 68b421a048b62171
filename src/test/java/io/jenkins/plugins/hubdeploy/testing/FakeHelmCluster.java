package io.jenkins.plugins.hubdeploy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * SIMULATED helm, kubectl and sops at the process boundary (there is no helm binary, no API server and no sops on
 * these machines): a {@link ProcessRunner} that records every command (argv and environment), keeps a tiny release
 * store (revisions with their status, the user values, a ConfigMap store) and answers in the formats the real tools
 * print: {@code helm version --short}, helm's Release object for {@code status}/{@code upgrade -o json}, the array of
 * {@code helm history -o json}, multi-document manifests, {@code kubectl get pods|events -o json} (v1 List), client-go's
 * error texts. {@code git} is NOT simulated: it runs for real in the workspace.
 * Scripted behaviour: set {@link #upgradeFailure}, {@link #rolloutFailure}, {@link #unreachable}, {@link #missing}, ...
 */
public final class FakeHelmCluster implements ProcessRunner {
    public static final String HELM_VERSION = "v3.14.4+g81c902a";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded command. {@code valuesFiles} are the contents of every {@code --values} file while it existed. */
    public record Call(List<String> argv, Map<String, String> env, List<String> valuesFiles, List<String> valuesPermissions) {
        public String tool() {
            return Path.of(argv.get(0)).getFileName().toString();
        }

        public boolean is(String tool, String... words) {
            if (!tool().equals(tool) || argv.size() <= words.length) {
                return false;
            }
            for (int i = 0; i < words.length; i++) {
                if (!argv.get(i + 1).equals(words[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    public record Revision(int number, String status, String description, Map<String, Object> config) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<Revision> revisions = new ArrayList<>();
    public final Map<String, String> configMaps = new LinkedHashMap<>();
    private final LocalProcessRunner git;

    /** helm upgrade exits 1 with this stderr (after creating a failed revision), or succeeds when null. */
    public String upgradeFailure;
    /** kubectl rollout status exits 1 with this stderr, or succeeds when null. */
    public String rolloutFailure;
    /** every cluster call (not version) fails the way client-go does when the API server is down. */
    public boolean unreachable;
    /** the tool names (helm, kubectl, sops) that are "not installed". */
    public final List<String> missing = new ArrayList<>();
    /** the major version {@code helm version --short} reports. */
    public String helmVersion = HELM_VERSION;
    /** helm status/get/history exit 1 with this stderr (a namespace or kube-context error), or answer normally when null. */
    public String releaseReadFailure;
    /** helm template: given the contents of its --values files, the stderr to fail with (a chart's fail), or null to render. */
    public Function<List<String>, String> templateFailure = contents -> null;
    /** helm rollback exits 1 with this stderr (leaving the revisions as they are), or succeeds when null. */
    public String rollbackFailure;
    /** helm upgrade is killed at its timeout (the runner reports timedOut). */
    public boolean upgradeHangs;
    /** sops: maps the encrypted file's repository path to the clear text it "decrypts" to. */
    public Function<String, String> sopsClearText = path -> { throw new IllegalStateException("no sops text for " + path); };
    /** the manifest the chart "renders" (helm get manifest / helm template). */
    public String manifest = """
            ---
            # Source: hub/templates/images.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: datahub-staging-images
            data:
              user-image: "x"
            ---
            # Source: hub/templates/hub.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hub
              labels:
                app.kubernetes.io/instance: datahub-staging
            spec:
              replicas: 1
            ---
            # Source: hub/templates/proxy.yaml
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: proxy
              namespace: datahub-staging
            spec:
              replicas: 1
            """;

    public FakeHelmCluster(Path workspace, BuildLog log) {
        this.git = new LocalProcessRunner(workspace, log);
    }

    /** A release that exists already: revisions 1..n-1 superseded, n with {@code lastStatus}. */
    public FakeHelmCluster withRevisions(int n, String lastStatus, Map<String, Object> config) {
        for (int i = 1; i <= n; i++) {
            revisions.add(new Revision(i, i == n ? lastStatus : "superseded", i == 1 ? "Install complete" : "Upgrade complete", config));
        }
        return this;
    }

    public List<Call> calls(String tool, String... words) {
        return calls.stream().filter(c -> c.is(tool, words)).toList();
    }

    @Override
    public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
        String tool = Path.of(spec.executable()).getFileName().toString();
        if (tool.equals("git")) {
            return git.run(spec);
        }
        List<String> contents = new ArrayList<>();
        List<String> perms = new ArrayList<>();
        List<String> argv = spec.argv();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals("--values")) {
                Path file = Path.of(argv.get(i + 1));
                contents.add(Files.readString(file));
                perms.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
        calls.add(new Call(argv, spec.env(), contents, perms));
        if (missing.contains(tool)) {
            throw new ExecutableNotFoundException(spec.executable(), new IOException("error=2, No such file or directory"));
        }
        return switch (tool) {
            case "helm" -> helm(argv.subList(1, argv.size()), spec);
            case "kubectl" -> kubectl(argv.subList(1, argv.size()));
            case "sops" -> sops(argv.subList(1, argv.size()));
            default -> throw new ExecutableNotFoundException(spec.executable(), new IOException("not simulated"));
        };
    }

    private ProcessResult helm(List<String> args, ProcessSpec spec) throws IOException {
        String cmd = args.get(0);
        if (cmd.equals("version")) {
            return ok(helmVersion + "\n");
        }
        if (cmd.equals("template")) {
            String failure = templateFailure.apply(calls.get(calls.size() - 1).valuesFiles());
            return failure == null ? ok(manifest) : fail(failure);
        }
        if (cmd.equals("repo")) {
            return ok("\"" + args.get(2) + "\" has been added to your repositories\n");
        }
        if (cmd.equals("dependency")) {
            return ok("Saving 1 charts\nDeleting outdated charts\n");
        }
        if (unreachable) {
            return fail("Error: Kubernetes cluster unreachable: Get \"https://127.0.0.1:6443/version\": dial tcp "
                    + "127.0.0.1:6443: connect: connection refused\n");
        }
        String release = args.get(cmd.equals("upgrade") ? 2 : cmd.equals("get") ? 2 : 1);
        if (releaseReadFailure != null && List.of("status", "get", "history").contains(cmd)) {
            return fail(releaseReadFailure);
        }
        switch (cmd) {
            case "status" -> {
                return revisions.isEmpty() ? notFound() : ok(releaseJson(release, last()));
            }
            case "history" -> {
                if (revisions.isEmpty()) {
                    return fail("Error: release: not found\n");
                }
                List<Map<String, Object>> out = new ArrayList<>();
                for (Revision r : revisions) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("revision", r.number());
                    e.put("updated", "2024-05-02T10:0" + r.number() + ":00.123456789Z");
                    e.put("status", r.status());
                    e.put("chart", "hub-0.1.0");
                    e.put("app_version", "");
                    e.put("description", r.description());
                    out.add(e);
                }
                return ok(JSON.writeValueAsString(out) + "\n");
            }
            case "get" -> {
                if (revisions.isEmpty()) {
                    return notFound();
                }
                return args.get(1).equals("values") ? ok(JSON.writeValueAsString(last().config()) + "\n") : ok(manifest);
            }
            case "upgrade" -> {
                if (!revisions.isEmpty() && last().status().startsWith("pending-")) {
                    return fail("Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n");
                }
                if (upgradeHangs) {
                    return new ProcessResult(-1, "", "", true);
                }
                Map<String, Object> config = mergedConfig(spec);
                if (upgradeFailure != null) {
                    revisions.add(new Revision(revisions.size() + 1, "failed", "Upgrade failed", config));
                    return fail(upgradeFailure);
                }
                supersede();
                revisions.add(new Revision(revisions.size() + 1, "deployed",
                        revisions.isEmpty() ? "Install complete" : "Upgrade complete", config));
                return ok(releaseJson(release, last()));
            }
            case "rollback" -> {
                if (rollbackFailure != null) {
                    return fail(rollbackFailure);
                }
                int to = Integer.parseInt(args.get(2));
                Revision target = revisions.get(to - 1);
                supersede();
                revisions.add(new Revision(revisions.size() + 1, "deployed", "Rollback to " + to, target.config()));
                return ok("Rollback was a success! Happy Helming!\n");
            }
            case "uninstall" -> {
                revisions.clear();
                return ok("release \"" + release + "\" uninstalled\n");
            }
            default -> throw new IllegalStateException("helm " + cmd + " is not simulated");
        }
    }

    private ProcessResult kubectl(List<String> args) throws IOException {
        if (args.get(0).equals("version")) {
            return ok("{\n  \"clientVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"30\",\n    \"gitVersion\": \"v1.30.2\",\n"
                    + "    \"gitCommit\": \"39683505b630ff2121012f3c5b16215a1449d5ed\",\n    \"gitTreeState\": \"clean\",\n"
                    + "    \"goVersion\": \"go1.22.4\",\n    \"compiler\": \"gc\",\n    \"platform\": \"linux/amd64\"\n  },\n"
                    + "  \"kustomizeVersion\": \"v5.0.4-0.20230601165947-6ce0bf390ce3\"\n}\n");
        }
        if (unreachable) {
            return fail("E0502 10:00:00.000000   12345 memcache.go:265] couldn't get current server API group list: Get "
                    + "\"https://127.0.0.1:6443/api?timeout=32s\": dial tcp 127.0.0.1:6443: connect: connection refused\n"
                    + "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n");
        }
        switch (args.get(0)) {
            case "auth" -> {
                return ok("yes\n");
            }
            case "rollout" -> {
                return rolloutFailure == null ? ok(args.get(2).startsWith("deployment/")
                        ? "deployment \"" + args.get(2).substring(11) + "\" successfully rolled out\n"
                        : "partitioned roll out complete: 1 new pods have been updated...\n") : fail(rolloutFailure);
            }
            case "apply" -> {
                Path file = Path.of(args.get(args.indexOf("-f") + 1));
                var cm = JSON.readTree(Files.readString(file));
                configMaps.put(cm.path("metadata").path("name").asText(), cm.path("data").path("record.json").asText());
                return ok("configmap/" + cm.path("metadata").path("name").asText() + " serverside-applied\n");
            }
            case "get" -> {
                return switch (args.get(1)) {
                    case "pods" -> ok(PODS_JSON);
                    case "events" -> ok(EVENTS_JSON);
                    case "configmap" -> configMaps.containsKey(args.get(2))
                            ? ok(JSON.writeValueAsString(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                                    "metadata", Map.of("name", args.get(2)), "data", Map.of("record.json", configMaps.get(args.get(2))))))
                            : fail("Error from server (NotFound): configmaps \"" + args.get(2) + "\" not found\n");
                    default -> throw new IllegalStateException("kubectl get " + args.get(1) + " is not simulated");
                };
            }
            default -> throw new IllegalStateException("kubectl " + args.get(0) + " is not simulated");
        }
    }

    private ProcessResult sops(List<String> args) throws IOException {
        Path output = Path.of(args.get(args.indexOf("--output") + 1));
        String input = args.get(args.size() - 1);
        Files.writeString(output, sopsClearText.apply(input));
        return ok("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergedConfig(ProcessSpec spec) throws IOException {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<String> argv = spec.argv();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals("--values")) {
                Object values = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(Path.of(argv.get(i + 1)).toFile(), Object.class);
                if (values instanceof Map<?, ?> m) {
                    merged = io.jenkins.plugins.hubdeploy.helm.Values.merge(merged, (Map<String, Object>) m);
                }
            }
        }
        return merged;
    }

    private void supersede() {
        for (int i = 0; i < revisions.size(); i++) {
            Revision r = revisions.get(i);
            if (r.status().equals("deployed") || r.status().startsWith("pending-")) {
                revisions.set(i, new Revision(r.number(), "superseded", r.description(), r.config()));
            }
        }
    }

    public Revision last() {
        return revisions.get(revisions.size() - 1);
    }

    private String releaseJson(String release, Revision r) throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("first_deployed", "2024-05-02T10:01:00.123456789Z");
        info.put("last_deployed", "2024-05-02T10:0" + Math.min(9, r.number()) + ":00.123456789Z");
        info.put("deleted", "");
        info.put("description", r.description());
        info.put("status", r.status());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "hub");
        metadata.put("version", "0.1.0");
        metadata.put("description", "DataHub's hub chart (example).");
        metadata.put("apiVersion", "v2");
        metadata.put("type", "application");
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("metadata", metadata);
        chart.put("lock", null);
        chart.put("templates", List.of(Map.of("name", "templates/images.yaml", "data", "YXBpVmVyc2lvbjogdjEK")));
        chart.put("values", Map.of());
        chart.put("schema", null);
        chart.put("files", List.of());
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("name", release);
        rel.put("info", info);
        rel.put("chart", chart);
        rel.put("config", r.config());
        rel.put("manifest", manifest);
        rel.put("version", r.number());
        rel.put("namespace", "datahub-staging");
        return JSON.writeValueAsString(rel) + "\n";
    }

    private static ProcessResult ok(String out) {
        return new ProcessResult(0, out, "", false);
    }

    private static ProcessResult fail(String err) {
        return new ProcessResult(1, "", err, false);
    }

    private static ProcessResult notFound() {
        return fail("Error: release: not found\n");
    }

    /** {@code kubectl get pods -o json} with a hub pod that cannot pull its image and a proxy pod that is fine. */
    public static final String PODS_JSON = """
            {"apiVersion":"v1","items":[
             {"apiVersion":"v1","kind":"Pod","metadata":{"name":"hub-7c9d8b6f5-x2x9k","namespace":"datahub-staging"},
              "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False","reason":"ContainersNotReady",
              "message":"containers with unready status: [hub]"}],
              "containerStatuses":[{"name":"hub","ready":false,"restartCount":0,"image":"127.0.0.1:5000/datahub/user-image:h0",
              "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \\"127.0.0.1:5000/datahub/user-image:h0\\""}}}]}},
             {"apiVersion":"v1","kind":"Pod","metadata":{"name":"proxy-0","namespace":"datahub-staging"},
              "status":{"phase":"Running","containerStatuses":[{"name":"chp","ready":true,"restartCount":0,
              "state":{"running":{"startedAt":"2024-05-02T10:00:00Z"}}}]}},
             {"apiVersion":"v1","kind":"Pod","metadata":{"name":"user-scheduler-5d4f-abcde","namespace":"datahub-staging"},
              "status":{"phase":"Running","containerStatuses":[{"name":"kube-scheduler","ready":false,"restartCount":4,
              "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s restarting failed container"}},
              "lastState":{"terminated":{"exitCode":1,"reason":"Error"}}}]}}],
             "kind":"List","metadata":{"resourceVersion":""}}
            """;

    /** {@code kubectl get events -o json}: a Normal event and two Warnings. */
    public static final String EVENTS_JSON = """
            {"apiVersion":"v1","items":[
             {"apiVersion":"v1","kind":"Event","metadata":{"name":"hub.1","namespace":"datahub-staging"},"type":"Normal",
              "reason":"Scheduled","message":"Successfully assigned datahub-staging/hub-7c9d8b6f5-x2x9k to node-1",
              "involvedObject":{"kind":"Pod","name":"hub-7c9d8b6f5-x2x9k"},"count":1,"lastTimestamp":"2024-05-02T10:00:01Z"},
             {"apiVersion":"v1","kind":"Event","metadata":{"name":"hub.2","namespace":"datahub-staging"},"type":"Warning",
              "reason":"Failed","message":"Failed to pull image \\"127.0.0.1:5000/datahub/user-image:h0\\": not found",
              "involvedObject":{"kind":"Pod","name":"hub-7c9d8b6f5-x2x9k"},"count":3,"lastTimestamp":"2024-05-02T10:00:09Z"},
             {"apiVersion":"v1","kind":"Event","metadata":{"name":"sched.1","namespace":"datahub-staging"},"type":"Warning",
              "reason":"BackOff","message":"Back-off restarting failed container kube-scheduler",
              "involvedObject":{"kind":"Pod","name":"user-scheduler-5d4f-abcde"},"count":5,"eventTime":null,
              "lastTimestamp":"2024-05-02T10:00:05Z"}],
             "kind":"List","metadata":{"resourceVersion":""}}
            """;
}
