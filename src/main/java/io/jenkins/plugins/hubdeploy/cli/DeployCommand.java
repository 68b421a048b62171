package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy deploy --env E}: helm-deploy an environment, or preview it with --dry-run. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"helm upgrade --install the deployment's chart into an environment with layered values and the "
                + "images' content tags; refuses images the registry lacks and releases stuck in pending-*; waits for "
                + "the rollout; records what was deployed (.hubdeploy/deploy-ENV.json and ConfigMap hubdeploy-record-RELEASE).",
                "With --dry-run: render with helm template and show what would change, without changing anything."})
final class DeployCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = DeployOptions.DEFAULT_ENVIRONMENT,
            description = "Environment to deploy (default: ${DEFAULT-VALUE}).")
    String environment;

    @Option(names = "--dry-run", description = "Preflight only: helm template + values diff against the live release.")
    boolean dryRun;

    @Option(names = "--atomic", description = "helm --atomic (Helm 4: --rollback-on-failure): roll the release back when the upgrade fails.")
    boolean atomic;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long helm (and then the rollout) may take, e.g. 30m, 1h (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--history-max", paramLabel = "N", description = "helm --history-max (default: helm's, 10).")
    Integer historyMax;

    @Option(names = "--stuck-policy", paramLabel = "POLICY", defaultValue = "fail",
            description = "A release stuck in pending-*: fail (default, prints the fix) or rollback (to the last deployed revision).")
    String stuckPolicy;

    @Option(names = "--changed", description = "Deploy only if the deployment's inputs (its directory, values files, "
            + "the chart, its images' directories) changed since the commit live in the environment, per the deploy "
            + "record in the cluster; with -d all, only the deployments that changed.")
    boolean changed;

    @Mixin
    RegistryLoginOptions registryLogin;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        DeployOptions options = options(log, System.getenv());
        DeploymentSelection selection = common.selection();
        if (selection.many()) {
            return ManyOutput.finish(common, common.many(log).deploy(selection, options, changed, common.parallel));
        }
        DeploymentConfig config = common.loadConfig();
        Map<String, Object> result;
        try {
            result = common.many(log).deployOne(config, options, changed, log);
        } catch (EachDeployment.Skip skip) {
            return ManyOutput.skipped(common, config.deployment(), "not deployed", skip);
        }
        if (common.json) {
            JsonOutput.print(System.out, result);
        } else if (dryRun) {
            System.out.println("release " + result.get("release") + " in " + result.get("namespace") + ": "
                    + ((List<?>) result.get("valuesDiff")).size() + " value change(s), "
                    + ((List<?>) result.get("renderedObjects")).size() + " rendered object(s)");
        } else {
            System.out.println("release " + result.get("release") + " revision " + result.get("revision") + " "
                    + result.get("status") + " in " + result.get("namespace"));
        }
        return 0;
    }

    /** The core's options; the registry password (read from {@code env}) is registered with the log's masker. */
    DeployOptions options(BuildLog log, Map<String, String> env) throws HubDeployException {
        return new DeployOptions(environment, dryRun, atomic, HelmDuration.parse(timeout, "--timeout"), historyMax,
                StuckPolicy.parse(stuckPolicy), registryLogin.credentials(log, env));
    }
}
