package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.SmokeSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;
import io.jenkins.plugins.hubdeploy.smoke.SmokeTask;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The smoke capability shared by {@code hubdeploy smoke} and the {@code runHubSmokeTests} step: resolve what to check
 * (request over configuration over defaults), run the {@link SmokeTask} where the agent is, and turn the report into
 * the verdict (exit 1 a check failed, exit 3 the hub, the token or the spawn let the run down).
 */
public final class SmokeRun {
    private final Agent agent;
    private final SerializableBuildLog log;

    public SmokeRun(Agent agent, SerializableBuildLog log) {
        this.agent = agent;
        this.log = log;
    }

    /** Where the deployment configuration comes from: the CLI's -C/-d, the step's workspace. */
    @FunctionalInterface
    public interface ConfigSource {
        DeploymentConfig load() throws IOException, InterruptedException, HubDeployException;
    }

    /** Resolves the request, loading the configuration only when {@link SmokeRequest#needsConfig()}. */
    public static SmokeOptions resolve(SmokeRequest request, ConfigSource configSource) throws IOException,
            InterruptedException, HubDeployException {
        return resolve(request.needsConfig() ? configSource.load() : null, request);
    }

    /**
     * Resolves the request of a run that may name a deployment ({@code -d}, the step's {@code deployment}): a named
     * deployment's configuration is always read, whatever the hub URL's source, so its {@code smoke:} checks apply.
     * Says in the log which given values have no effect: an environment's hubUrl when a hub URL is given, and the
     * repository when nothing from it is read.
     *
     * @param deployment the deployment named by the user, or null
     * @param repository the repository directory the user gave (for the message), or null for the default
     */
    public static SmokeOptions resolve(SmokeRequest request, String deployment, String repository,
                                       ConfigSource configSource, BuildLog log)
            throws IOException, InterruptedException, HubDeployException {
        boolean readConfig = request.needsConfig() || deployment != null;
        DeploymentConfig config = readConfig ? configSource.load() : null;
        if (config == null) {
            log.info("smoke: hub URL given and no deployment or environment named: the repository's configuration is"
                    + " not read, the default checks apply" + (repository == null ? ""
                    : "; the repository directory '" + repository + "' has no effect"));
        } else {
            log.info("smoke: checks from " + config.configFile() + " (deployment " + config.deployment() + ")");
            if (request.hubUrl() != null && request.env() != null) {
                log.info("smoke: the hub URL is given, so environment '" + request.env() + "' only selects the"
                        + " configuration; its hubUrl is not used");
            }
        }
        return resolve(config, request);
    }

    /** @param config the deployment configuration, or null when the run needs none (hub URL and checks given) */
    private static SmokeOptions resolve(DeploymentConfig config, SmokeRequest request) throws HubDeployException {
        SmokeSpec spec = config == null ? SmokeSpec.defaults() : config.smoke();
        String hubUrl = request.hubUrl();
        if (config != null && request.env() != null) {
            config.requireDeployable(); // an environment was named: an image-only configuration has none
        }
        if (hubUrl == null) {
            if (config == null) {
                throw HubDeployException.usage("no hub URL: pass --hub-url (step: hubUrl), or run in a repository "
                        + "whose configuration sets environments.<env>.hubUrl");
            }
            String env = request.env() == null ? SmokeRequest.DEFAULT_ENV : request.env();
            hubUrl = config.environment(env).hubUrl();
            if (hubUrl == null) {
                String where = config.configFile().toString().endsWith("hubploy.yaml")
                        ? " (hubploy.yaml has no place for it: add a hubdeploy.yaml with environments." + env + ".hubUrl)"
                        : " or add environments." + env + ".hubUrl";
                throw HubDeployException.usage(config.configFile() + ": environment '" + env + "' has no hubUrl;"
                        + " pass --hub-url (step: hubUrl)" + where);
            }
        }
        int timeout = or(request.timeoutSeconds(), spec.timeoutSeconds());
        return new SmokeOptions(strip(hubUrl), or(request.user(), spec.user()),
                or(request.imports(), spec.imports()), or(request.notebooks(), spec.notebooks()),
                Duration.ofSeconds(timeout), Duration.ofSeconds(or(request.spawnTimeoutSeconds(), timeout)),
                or(request.attempts(), 1),
                Duration.ofSeconds(or(request.retryDelaySeconds(), SmokeRequest.DEFAULT_RETRY_DELAY_SECONDS)),
                or(request.users(), 1), or(request.keepUser(), false), request.kernel(), request.userOptionsJson(),
                request.junit(), request.report()).validate();
    }

    public SmokeReport run(SmokeOptions options, String token) throws IOException, InterruptedException,
            HubDeployException {
        return agent.run(new SmokeTask(options, token, log));
    }

    /** Throws the verdict of a report that did not pass: exit 3 for the environment, else exit 1. */
    public static void verdict(SmokeReport report) throws HubDeployException {
        ExitCode code = report.exitCode();
        if (code == ExitCode.OK) {
            return;
        }
        String where = report.junitFile() == null ? "" : " (details: " + report.junitFile() + ")";
        if (code == ExitCode.ENVIRONMENT) {
            throw new HubDeployException(code, "smoke test of " + report.hubUrl() + " could not run: "
                    + report.environmentFailure() + where);
        }
        List<String> failures = report.failureLines();
        throw new HubDeployException(code, "smoke test of " + report.hubUrl() + ": " + failures.size() + " of "
                + report.checks().size() + " checks failed" + where + ":\n  " + String.join("\n  ", failures));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
