package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one smoke run does. Notebook, JUnit and report paths are relative to the workspace (repository root).
 *
 * @param user            the test user (with {@code users > 1}: {@code user-1} ... {@code user-N})
 * @param checkTimeout    limit for each import and each notebook cell
 * @param spawnTimeout    limit for a server to become ready, and for the kernel to answer
 * @param attempts        whole runs at most; a failed spawn or an unreachable hub is retried after retryDelay
 * @param users           test users spawned concurrently (load mode when above 1)
 * @param kernel          kernelspec name, or null for the server's default
 * @param userOptionsJson spawn options as a JSON object (e.g. a KubeSpawner profile), or null
 * @param junitFile       JUnit XML to write, or null
 * @param reportFile      JSON result to write, or null
 */
public record SmokeOptions(String hubUrl, String user, List<String> imports, List<String> notebooks,
                           Duration checkTimeout, Duration spawnTimeout, int attempts, Duration retryDelay, int users,
                           boolean keepUser, String kernel, String userOptionsJson, String junitFile,
                           String reportFile) implements Serializable {
    public static final String DEFAULT_USER = "deployment-service-check";
    /** JupyterHub's default username rule is looser; this keeps names safe in a URL path without encoding. */
    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,60}");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    public SmokeOptions {
        imports = List.copyOf(imports);
        notebooks = List.copyOf(notebooks);
    }

    /** Refuses options that cannot work, with exit 2 and what to change. */
    public SmokeOptions validate() throws HubDeployException {
        if (hubUrl == null || !(hubUrl.startsWith("http://") || hubUrl.startsWith("https://"))) {
            throw HubDeployException.usage("hub URL '" + hubUrl + "' is not an http(s) URL; pass --hub-url"
                    + " (step: hubUrl) or set environments.<env>.hubUrl in the configuration");
        }
        if (hubUrl.contains("@") || hubUrl.contains("?")) {
            throw HubDeployException.usage("hub URL must not carry credentials or a query; the token goes in"
                    + " --token-env (step: credentialsId)");
        }
        if (!USER_NAME.matcher(user).matches()) {
            throw HubDeployException.usage("test user '" + user + "' is not a safe JupyterHub user name (lower-case"
                    + " letters, digits, '.', '_', '-')");
        }
        for (String module : imports) {
            if (!MODULE.matcher(module).matches()) {
                throw HubDeployException.usage("'" + module + "' is not a Python module name (e.g. numpy or"
                        + " scipy.stats)");
            }
        }
        if (attempts < 1 || users < 1 || users > 100) {
            throw HubDeployException.usage("attempts must be at least 1 and users between 1 and 100 (got attempts="
                    + attempts + ", users=" + users + ")");
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero() || spawnTimeout.isNegative() || spawnTimeout.isZero()) {
            throw HubDeployException.usage("timeouts must be positive");
        }
        return this;
    }

    /** The test users' names: the user itself, or user-1 ... user-N in load mode. */
    public List<String> userNames() {
        if (users == 1) {
            return List.of(user);
        }
        return java.util.stream.IntStream.rangeClosed(1, users).mapToObj(i -> user + "-" + i).toList();
    }
}
