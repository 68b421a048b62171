package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubectl} CLI ({@code KUBECTL_BIN}, else {@code kubectl} on PATH) through the {@link ProcessRunner},
 * with the caller's environment (KUBECONFIG). kubectl missing, the cluster unreachable, or kubectl killed at its
 * timeout -> exit 3.
 */
public final class KubectlCli {
    public static final String KUBECTL_BIN = "KUBECTL_BIN";
    public static final Duration READ_TIMEOUT = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final SecretMasker masker;

    public KubectlCli(ProcessRunner runner, Map<String, String> env, SecretMasker masker) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.masker = masker;
    }

    public String executable() {
        String bin = env.get(KUBECTL_BIN);
        return bin == null || bin.isBlank() ? "kubectl" : bin;
    }

    /** The client's version (e.g. {@code v1.32.1}); exit 3 when kubectl cannot be run. */
    public String clientVersion() throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(List.of("version", "--client", "-o", "json"), READ_TIMEOUT);
        try {
            JsonNode root = JSON.readTree(result.stdout());
            String version = root.path("clientVersion").path("gitVersion").asText("");
            if (result.ok() && !version.isEmpty()) {
                return version;
            }
        } catch (Exception ignored) {
            // reported below
        }
        throw HubDeployException.environment("'" + executable() + " version --client' did not report a version ("
                + masker.mask(ClusterErrors.errorText(result)) + "); install kubectl on the agent or point "
                + KUBECTL_BIN + " at it");
    }

    /** Runs {@code kubectl args...}: exit 3 for missing/unreachable/killed, else the result for the caller to judge. */
    public ProcessResult run(List<String> args, Duration timeout) throws IOException, InterruptedException, HubDeployException {
        List<String> argv = new ArrayList<>();
        argv.add(executable());
        argv.addAll(args);
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(argv).withEnv(env).withTimeout(timeout));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("kubectl is not installed on the agent ('" + executable()
                    + "' cannot be run): install kubectl, or set " + KUBECTL_BIN + " to its path, or run the step "
                    + "inside a container that has it", e);
        }
        if (result.timedOut()) {
            throw HubDeployException.environment("'kubectl " + String.join(" ", args.subList(0, Math.min(2, args.size())))
                    + "' did not finish within " + timeout.toSeconds() + " s and was stopped; check the cluster's API server and retry");
        }
        if (!result.ok() && ClusterErrors.unreachable(result)) {
            throw HubDeployException.environment("kubectl " + args.get(0) + ": the Kubernetes cluster is unreachable or "
                    + "refused the credentials (" + masker.mask(ClusterErrors.errorText(result)) + "); check KUBECONFIG "
                    + "(withKubeConfig in Jenkins), the context and the network, then retry");
        }
        return result;
    }

    /**
     * {@code kubectl auth can-i VERB RESOURCE}: whether these credentials may do it (a self-subject access review,
     * which every authenticated identity may ask). Any answer but "yes" is false.
     */
    public boolean canI(String verb, String resource) throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(List.of("auth", "can-i", verb, resource), READ_TIMEOUT);
        return result.ok() && result.stdout().strip().equals("yes");
    }

    /** {@code kubectl get ... -o json} parsed; exit 1 with kubectl's error text when it fails. */
    public JsonNode getJson(List<String> args) throws IOException, InterruptedException, HubDeployException {
        List<String> all = new ArrayList<>(List.of("get"));
        all.addAll(args);
        all.addAll(List.of("-o", "json"));
        ProcessResult result = run(all, READ_TIMEOUT);
        if (!result.ok()) {
            throw HubDeployException.failed("kubectl get " + String.join(" ", args) + " failed: "
                    + masker.mask(ClusterErrors.errorText(result)));
        }
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw HubDeployException.failed("kubectl get " + String.join(" ", args) + " printed no JSON; check the kubectl version");
        }
    }
}
