package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.hubdeploy.helm.DeployFiles;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One Lease object through kubectl: read, create, replace (conditional on the resourceVersion in the body), delete
 * (conditional on a resourceVersion precondition), and what kubectl's answers mean. Bodies go through 0600 files in
 * a scratch directory (the process port has no stdin).
 */
final class LeaseClient {
    static final String API = "/apis/coordination.k8s.io/v1";
    /** MicroTime as the API server parses it (Go's RFC3339Micro: exactly six fraction digits). */
    static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubectlCli kubectl;
    private final Agent agent;
    private final SecretMasker masker;
    private final String namespace;
    private final String name;
    private final String scratch;

    LeaseClient(KubectlCli kubectl, Agent agent, SecretMasker masker, String namespace, String name, String scratch) {
        this.kubectl = kubectl;
        this.agent = agent;
        this.masker = masker;
        this.namespace = namespace;
        this.name = name;
        this.scratch = scratch;
    }

    String where() {
        return "Lease " + name + " in namespace " + namespace;
    }

    private String path() {
        return API + "/namespaces/" + namespace + "/leases/" + name;
    }

    /** The Lease as stored, or null when there is none. */
    JsonNode read() throws IOException, InterruptedException, HubDeployException {
        ProcessResult got = kubectl.run(List.of("get", "--raw", path()), KubectlCli.READ_TIMEOUT);
        if (!got.ok()) {
            if (is(got, "NotFound")) {
                return null;
            }
            throw failure("get", got);
        }
        try {
            return JSON.readTree(got.stdout());
        } catch (IOException e) {
            throw HubDeployException.environment("kubectl get --raw " + path() + " printed no JSON; check the kubectl"
                    + " version and the API server");
        }
    }

    static String resourceVersion(JsonNode lease) {
        return lease.path("metadata").path("resourceVersion").asText();
    }

    /** Whether the stored Lease is gone or no longer at {@code version}. */
    boolean changedSince(String version) throws IOException, InterruptedException, HubDeployException {
        JsonNode now = read();
        return now == null || !resourceVersion(now).equals(version);
    }

    /** {@code kubectl create -f} of the Lease; the result for the caller to judge. */
    ProcessResult create(String lease) throws IOException, InterruptedException, HubDeployException {
        return kubectl.run(List.of("create", "-f", file("create", lease), "-o", "json"), KubectlCli.READ_TIMEOUT);
    }

    /** {@code kubectl replace -f} of the Lease: a 409 Conflict when its resourceVersion is no longer the stored one. */
    ProcessResult replace(String lease) throws IOException, InterruptedException, HubDeployException {
        return kubectl.run(List.of("replace", "-f", file("replace", lease), "-o", "json"), KubectlCli.READ_TIMEOUT);
    }

    /** DELETE with the precondition that the Lease is still at {@code version}. */
    ProcessResult deleteAt(String version) throws IOException, InterruptedException, HubDeployException {
        ObjectNode options = JSON.createObjectNode();
        options.put("kind", "DeleteOptions");
        options.put("apiVersion", "v1");
        options.putObject("preconditions").put("resourceVersion", version);
        return kubectl.run(List.of("delete", "--raw", path(), "-f", file("delete", options.toString())),
                KubectlCli.READ_TIMEOUT);
    }

    /** Creates the namespace (a first prod install); an existing one is fine. */
    void createNamespace() throws IOException, InterruptedException, HubDeployException {
        ProcessResult created = kubectl.run(List.of("create", "namespace", namespace), KubectlCli.READ_TIMEOUT);
        if (!created.ok() && !is(created, "AlreadyExists")) {
            throw failure("create namespace", created);
        }
    }

    /** The Lease object: labelled as hubdeploy's, held by {@code holder}; {@code version} null for a create. */
    String manifest(String release, String holder, Duration ttl, Instant acquired, Instant renewed, int transitions,
                    String version) {
        ObjectNode lease = JSON.createObjectNode();
        lease.put("apiVersion", "coordination.k8s.io/v1");
        lease.put("kind", "Lease");
        ObjectNode metadata = lease.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        if (version != null) {
            metadata.put("resourceVersion", version);
        }
        ObjectNode labels = metadata.putObject("labels");
        labels.put("app.kubernetes.io/managed-by", "hubdeploy");
        labels.put("app.kubernetes.io/instance", release);
        ObjectNode spec = lease.putObject("spec");
        spec.put("holderIdentity", holder);
        spec.put("leaseDurationSeconds", (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
        spec.put("acquireTime", MICRO_TIME.format(acquired));
        spec.put("renewTime", MICRO_TIME.format(renewed));
        spec.put("leaseTransitions", transitions);
        return lease.toString();
    }

    static boolean isNamespaceMissing(ProcessResult result) {
        return is(result, "NotFound") && text(result).contains("namespaces \"");
    }

    /** kubectl's {@code Error from server (Reason)}; stdout too, since a Launcher in a container merges the streams. */
    static boolean is(ProcessResult result, String reason) {
        String t = text(result);
        return t.contains("(" + reason + ")") || ("AlreadyExists".equals(reason) && t.contains("already exists"));
    }

    private static String text(ProcessResult result) {
        return result.stderr() + "\n" + result.stdout();
    }

    /** Exit 3: RBAC refused it (naming the permissions), or another answer no lock decision can be taken on. */
    HubDeployException failure(String verb, ProcessResult result) {
        String error = masker.mask(ClusterErrors.errorText(result));
        if (is(result, "Forbidden")) {
            return HubDeployException.environment("kubectl " + verb + " of " + where() + " was refused (" + error
                    + "); give the deploying account get, create, update and delete on leases.coordination.k8s.io in"
                    + " namespace " + namespace);
        }
        return HubDeployException.environment("kubectl " + verb + " of " + where() + " failed: " + error);
    }

    private String file(String verb, String body) throws IOException, InterruptedException, HubDeployException {
        String file = Path.of(scratch, "lease-" + verb + ".json").toString();
        agent.run(new DeployFiles.WritePrivate(file, body));
        return file;
    }
}
