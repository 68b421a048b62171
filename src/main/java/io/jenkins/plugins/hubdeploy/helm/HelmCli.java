package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code helm} CLI ({@code HELM_BIN}, else {@code helm} on PATH) through the {@link ProcessRunner}: argument
 * arrays, the caller's environment (KUBECONFIG from {@code withKubeConfig}), and failures mapped to exit codes:
 * helm missing, cluster unreachable or helm hanging past its own timeout -> 3; helm's verdict -> 1 with its error text.
 * Output is never echoed: {@code helm upgrade -o json} and {@code helm status -o json} carry the release's values.
 */
public final class HelmCli {
    public static final String HELM_BIN = "HELM_BIN";
    /** Commands that only read (status, history, get, version): short, bounded. */
    public static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final String RELEASE_NOT_FOUND = "Error: release: not found";
    /** Commands that never talk to the cluster: their "connection refused" is about a chart repository. */
    private static final java.util.Set<String> OFFLINE_COMMANDS = java.util.Set.of("repo", "dependency", "template",
            "package", "lint", "pull", "version");
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)\\S*");

    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final SecretMasker masker;
    private volatile boolean secretsInUse;
    private volatile HelmFlags flags;

    public HelmCli(ProcessRunner runner, Map<String, String> env, SecretMasker masker) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.masker = masker;
    }

    public String executable() {
        String bin = env.get(HELM_BIN);
        return bin == null || bin.isBlank() ? "helm" : bin;
    }

    /** From now on helm never runs with debug output (HELM_DEBUG=false): the values carry secrets. */
    public void secretsInUse() {
        secretsInUse = true;
    }

    /**
     * Checks that this is Helm 3 or 4, remembers which ({@link #flags}) and returns its version (e.g. {@code v3.14.4});
     * exit 3 otherwise.
     */
    public String checkVersion() throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(List.of("version", "--short"), READ_TIMEOUT);
        Matcher m = VERSION.matcher(result.stdout());
        if (!result.ok() || !m.find()) {
            throw HubDeployException.environment("'" + executable() + " version --short' did not report a version ("
                    + masker.mask(ClusterErrors.errorText(result)) + "); install Helm 3 or 4 on the agent or point "
                    + HELM_BIN + " at it");
        }
        int major = Integer.parseInt(m.group(1));
        if (!HelmFlags.SUPPORTED.contains(major)) {
            throw HubDeployException.environment(executable() + " is Helm " + m.group() + "; hubdeploy needs Helm 3 "
                    + "or 4 (v3.x, v4.x): install one on the agent or point " + HELM_BIN + " at it");
        }
        flags = new HelmFlags(major);
        return m.group();
    }

    /** The flags of this helm's major version (runs {@link #checkVersion} once when it has not run yet). */
    public HelmFlags flags() throws IOException, InterruptedException, HubDeployException {
        if (flags == null) {
            checkVersion();
        }
        return flags;
    }

    /**
     * Runs {@code helm args...}. Throws exit 3 when helm is missing, the cluster is unreachable or helm was killed
     * at {@code timeout}; otherwise returns the result, ok or not, for the caller to judge.
     */
    public ProcessResult run(List<String> args, Duration timeout) throws IOException, InterruptedException, HubDeployException {
        List<String> argv = new ArrayList<>();
        argv.add(executable());
        argv.addAll(args);
        Map<String, String> processEnv = new HashMap<>(env);
        if (secretsInUse) {
            processEnv.put("HELM_DEBUG", "false");
        }
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(argv).withEnv(processEnv).withTimeout(timeout));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("helm is not installed on the agent ('" + executable()
                    + "' cannot be run): install Helm 3 or 4, or set " + HELM_BIN + " to its path, or run the step inside "
                    + "a container that has it, e.g. container('helm') { ... }", e);
        }
        if (result.timedOut()) {
            throw HubDeployException.environment("'helm " + args.get(0) + "' did not finish within "
                    + HelmDuration.format(timeout) + " and was stopped; the release may now be pending: the next "
                    + "deploy detects that (see stuckPolicy). Check the cluster's API server and retry");
        }
        if (!result.ok() && !OFFLINE_COMMANDS.contains(args.get(0)) && ClusterErrors.unreachable(result)) {
            throw HubDeployException.environment("helm " + args.get(0) + ": the Kubernetes cluster is unreachable or "
                    + "refused the credentials (" + masker.mask(ClusterErrors.errorText(result)) + "); check KUBECONFIG "
                    + "(withKubeConfig in Jenkins), the context and the network, then retry");
        }
        return result;
    }

    /** Like {@link #run} but a failed command is exit 1 with helm's error text, prefixed by {@code what}. */
    public ProcessResult require(List<String> args, Duration timeout, String what)
            throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(args, timeout);
        if (!result.ok()) {
            throw HubDeployException.failed(what + " failed: " + masker.mask(ClusterErrors.errorText(result)));
        }
        return result;
    }

    /**
     * {@code helm rollback RELEASE REVISION --namespace NS --wait[=watcher] --timeout T}: the release's previous revision back,
     * waiting until it is ready. Returns the result for the caller to report (helm's error text is masked by the
     * caller with {@link #mask}); exit 3 when the cluster is unreachable or helm hangs past its timeout.
     */
    public ProcessResult rollback(String release, String namespace, int revision, Duration timeout)
            throws IOException, InterruptedException, HubDeployException {
        return run(List.of("rollback", release, String.valueOf(revision), "--namespace", namespace, flags().waitForReady(),
                "--timeout", HelmDuration.format(timeout)), timeout.plus(READ_TIMEOUT));
    }

    /** {@code text} with every registered secret replaced. */
    public String mask(String text) {
        return masker.mask(text);
    }

    /**
     * True when helm says the release does not exist (status/history/get of a first install): helm 3 prints its
     * storage driver's {@code ErrReleaseNotFound} as the line {@code Error: release: not found}. Only that line
     * counts: a missing namespace ({@code namespaces "x" not found}) or kube context ({@code context was not found
     * for specified context}) also says "not found" but is no first install.
     */
    public static boolean releaseNotFound(ProcessResult result) {
        return result.output().lines().map(String::strip).anyMatch(RELEASE_NOT_FOUND::equals);
    }
}
