package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.config.HubUrl;
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
    /** Possessive (*+): the same answers, without a stack frame per dotted part. */
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*+");

    /** Retries stay bounded: a hub that is not up after ten whole runs needs a person, not an eleventh. */
    public static final int MAX_ATTEMPTS = 10;
    public static final long MAX_RETRY_DELAY_SECONDS = 3600;
    public static final int MAX_USERS = 100;
    public static final String CHECK_TIMEOUT_OPTION = "--timeout (step: timeout; config: smoke.timeout)";
    public static final String SPAWN_TIMEOUT_OPTION = "--spawn-timeout (step: spawnTimeout)";

    public SmokeOptions {
        imports = List.copyOf(imports);
        notebooks = List.copyOf(notebooks);
    }

    /** Refuses options that cannot work, with exit 2 and what to change. */
    public SmokeOptions validate() throws HubDeployException {
        HubUrl.check(hubUrl);
        checkUser(user);
        for (String module : imports) {
            if (!MODULE.matcher(module).matches()) {
                throw HubDeployException.usage("'" + module + "' is not a Python module name (e.g. numpy or"
                        + " scipy.stats)");
            }
        }
        checkAttempts(attempts);
        checkRetryDelaySeconds(retryDelay.toSeconds());
        checkUsers(users);
        checkAtLeastOneSecond(CHECK_TIMEOUT_OPTION, checkTimeout.toSeconds());
        checkAtLeastOneSecond(SPAWN_TIMEOUT_OPTION, spawnTimeout.toSeconds());
        return this;
    }

    // One rule per option, public so that the step's form checks a value exactly as a run will.

    public static void checkUser(String user) throws HubDeployException {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            throw HubDeployException.usage("test user '" + user + "' is not a safe JupyterHub user name (lower-case"
                    + " letters, digits, '.', '_', '-')");
        }
    }

    public static void checkAttempts(long attempts) throws HubDeployException {
        inRange("--attempts (step: attempts)", attempts, 1, MAX_ATTEMPTS, "");
    }

    public static void checkRetryDelaySeconds(long seconds) throws HubDeployException {
        inRange("--retry-delay (step: retryDelay)", seconds, 0, MAX_RETRY_DELAY_SECONDS, " seconds");
    }

    public static void checkUsers(long users) throws HubDeployException {
        inRange("--users (step: users)", users, 1, MAX_USERS, "");
    }

    /** {@link #CHECK_TIMEOUT_OPTION} or {@link #SPAWN_TIMEOUT_OPTION}: at least one second. */
    public static void checkAtLeastOneSecond(String option, long seconds) throws HubDeployException {
        if (seconds < 1) {
            throw HubDeployException.usage(option + " must be at least 1 second (got " + seconds + ")");
        }
    }

    private static void inRange(String option, long value, long min, long max, String unit)
            throws HubDeployException {
        if (value < min || value > max) {
            throw HubDeployException.usage(option + " must be between " + min + " and " + max + unit + " (got "
                    + value + ")");
        }
    }

    /** The test users' names: the user itself, or user-1 ... user-N in load mode. */
    public List<String> userNames() {
        if (users == 1) {
            return List.of(user);
        }
        return java.util.stream.IntStream.rangeClosed(1, users).mapToObj(i -> user + "-" + i).toList();
    }
}
