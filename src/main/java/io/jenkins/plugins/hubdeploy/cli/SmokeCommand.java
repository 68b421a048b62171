package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import io.jenkins.plugins.hubdeploy.smoke.CheckResult;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code hubdeploy smoke}: spawn a test user on the live hub, run imports and notebooks in a kernel, clean up. */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"Smoke-test a live JupyterHub: version, health and token check, create a test user, spawn its"
                + " server, run one import per module and every code cell of every notebook in a kernel, then stop"
                + " the server and delete the user (always, also on failure).",
                "Without --hub-url the hub URL and the checks come from the configuration's environment (--env)."},
        footer = {"", "Exit codes: 0 every check passed; 1 a check failed; 2 bad usage; 3 hub unreachable, token"
                + " rejected or lacking scopes, or the server never started."})
final class SmokeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--hub-url", paramLabel = "URL", description = "The hub's public URL (default: the environment's"
            + " hubUrl from the configuration).")
    String hubUrl;

    @Option(names = "--env", paramLabel = "ENV", description = "Configuration environment for the hub URL and the"
            + " smoke: checks (default: staging when --hub-url is not given).")
    String env;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "JUPYTERHUB_API_TOKEN",
            description = "Environment variable holding the hub API token (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--user", paramLabel = "NAME", description = "Test user (default: the config's smoke.user, else "
            + SmokeOptions.DEFAULT_USER + ").")
    String user;

    @Option(names = "--import", paramLabel = "MODULE", description = "Module to import (repeatable; replaces the"
            + " config's smoke.imports).")
    List<String> imports;

    @Option(names = "--notebook", paramLabel = "FILE", description = "Notebook whose code cells to run, relative to"
            + " -C (repeatable; replaces the config's smoke.notebooks).")
    List<String> notebooks;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here (relative to -C).")
    String junit;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON result here (relative to -C).")
    String report;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Limit per import and per notebook cell"
            + " (default: the config's smoke.timeout, else 600).")
    Integer timeout;

    @Option(names = "--spawn-timeout", paramLabel = "SECONDS", description = "Limit for a server to become ready"
            + " (default: --timeout).")
    Integer spawnTimeout;

    @Option(names = "--attempts", paramLabel = "N", description = "Whole runs at most, 1 to "
            + SmokeOptions.MAX_ATTEMPTS + "; another only after a failed spawn or an unreachable hub (default: 1).")
    Integer attempts;

    @Option(names = "--retry-delay", paramLabel = "SECONDS", description = "Pause between attempts, 0 to "
            + SmokeOptions.MAX_RETRY_DELAY_SECONDS + " (default: "
            + SmokeRequest.DEFAULT_RETRY_DELAY_SECONDS + ").")
    Integer retryDelay;

    @Option(names = "--users", paramLabel = "N", description = "Load mode: spawn N test users at once (1 to "
            + SmokeOptions.MAX_USERS + ") and report spawn latency (default: 1).")
    Integer users;

    @Option(names = "--keep-user", description = "Stop the server but keep the test user.")
    Boolean keepUser;

    @Option(names = "--kernel", paramLabel = "NAME", description = "Kernelspec (default: the server's default).")
    String kernel;

    @Option(names = "--user-options", paramLabel = "JSON", description = "Spawn options as a JSON object, e.g."
            + " '{\"profile\": \"small\"}' for a KubeSpawner profile.")
    String userOptions;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        String token = System.getenv(tokenEnv);
        if (token == null || token.isBlank()) {
            throw HubDeployException.usage("no hub API token: set the environment variable " + tokenEnv
                    + " (or name another with --token-env)");
        }
        log.addSecret(token);
        SmokeRequest request = new SmokeRequest(hubUrl, env, user, imports, notebooks, timeout, spawnTimeout,
                attempts, retryDelay, users, keepUser, kernel, SmokeRequest.userOptionsFromJson(userOptions), junit,
                report);
        SmokeOptions options = SmokeRun.resolve(request, common.deployment, common.repositoryDirectoryOption(),
                common::loadConfig, log);
        SmokeReport result = new SmokeRun(common.agent(), SerializableBuildLog.inProcess(log)).run(options, token);
        if (common.json) {
            JsonOutput.print(System.out, result.toMap());
        } else {
            for (CheckResult check : result.checks()) {
                System.out.printf("%-7s %s / %s%s%n", check.status(), check.group(), check.name(),
                        check.message() == null ? "" : ": " + check.message());
            }
            if (result.load() != null) {
                System.out.println("load: " + result.load());
            }
            System.out.printf("%d passed, %d failed, %d skipped (JupyterHub %s, %d attempt(s))%n",
                    result.count(CheckResult.Status.PASSED), result.count(CheckResult.Status.FAILED),
                    result.count(CheckResult.Status.SKIPPED), result.hubVersion(), result.attempts().size());
        }
        SmokeRun.verdict(result);
        return 0;
    }
}
