package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.promote.AgeParser;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import io.jenkins.plugins.hubdeploy.promote.PromoteOptions;
import io.jenkins.plugins.hubdeploy.promote.PromoteRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy promote --mode M}: record, check and promote staging evidence (docs/promote.md). */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Prod gets exactly what passed on staging, or nothing. Modes:",
                "  record       store the staging evidence (deploy record + smoke report) as git notes",
                "               (refs/notes/hubdeploy) on the remote; on GitHub also status hubdeploy/staging",
                "  pullRequest  open or update the GitHub pull request staging -> prod with the evidence",
                "  check        on a pull request into prod: source is staging and its tree's evidence passed;",
                "               sets status hubdeploy/promotion",
                "  merge        without GitHub: verify, then merge staging into prod (fast-forward or a merge",
                "               commit with staging's tree) and push",
                "  deploy       verify the evidence of HEAD's tree; outside deny windows and holding the prod Lease,",
                "               deploy prod with the recorded digests, smoke-test it, roll back on failure",
                "  revert       on staging, when HEAD's tree's evidence failed: revert HEAD (a merge against its",
                "               first parent) on staging's tip, push hubdeploy/revert-SHA12 and open or update",
                "               the pull request against staging; never merged automatically",
                "Git uses the remote's ambient credentials; GitHub the token in --github-token-env."})
final class PromoteCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--mode"}, required = true, paramLabel = "MODE",
            description = "record, pullRequest, check, merge, deploy or revert.")
    String mode;

    @Option(names = "--staging-env", paramLabel = "ENV", description = "The environment whose evidence is recorded and checked (default: staging).")
    String stagingEnv;

    @Option(names = "--remote", paramLabel = "NAME", description = "The git remote (default: origin).")
    String remote;

    @Option(names = "--source-branch", paramLabel = "BRANCH", description = "The branch prod takes changes from (default: promotion.sourceBranch, else staging).")
    String sourceBranch;

    @Option(names = "--target-branch", paramLabel = "BRANCH", description = "The prod branch (default: promotion.targetBranch, else prod).")
    String targetBranch;

    @Option(names = "--max-evidence-age", paramLabel = "AGE", description = "How old evidence may be, e.g. 7d, 36h (default: promotion.maxEvidenceAge, else 7d).")
    String maxEvidenceAge;

    @Option(names = "--smoke-report", paramLabel = "FILE", description = "record: the smoke run's JSON report; revert: its failed checks go into the pull request (default: hubdeploy-smoke.json).")
    String smokeReport;

    @Option(names = "--staging-kubeconfig", paramLabel = "FILE", description = "Compare the live staging release (revision, values SHA-256) with the evidence.")
    String stagingKubeconfig;

    @Option(names = "--github-api-url", paramLabel = "URL", description = "GitHub REST API (GitHub Enterprise: https://HOST/api/v3; default: from the remote's host).")
    String githubApiUrl;

    @Option(names = "--github-token-env", paramLabel = "VAR", defaultValue = "GITHUB_TOKEN",
            description = "Environment variable holding the GitHub token (default: ${DEFAULT-VALUE}); unset: no GitHub.")
    String githubTokenEnv;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "JUPYTERHUB_API_TOKEN",
            description = "deploy: environment variable holding the prod hub's API token for the smoke test (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--auto-merge", description = "pullRequest: merge the pull request (a merge commit) when GitHub allows it.")
    Boolean autoMerge;

    @Option(names = "--pull-request", paramLabel = "N", description = "check: the pull request number (default: CHANGE_ID).")
    Integer pullRequest;

    @Option(names = "--allow-fork", description = "Run although CHANGE_FORK says the pull request comes from a fork.")
    boolean allowFork;

    @Option(names = "--allow-other-branch", description = "Run on a branch the mode does not belong to (BRANCH_NAME/CHANGE_TARGET).")
    boolean allowOtherBranch;

    @Option(names = "--override-deny-window", paramLabel = "REASON", description = "deploy: deploy inside a deny window, for this reason (logged and recorded).")
    String overrideDenyWindow;

    @Option(names = "--hub-url", paramLabel = "URL", description = "deploy: the prod hub's URL for the smoke test and its re-test after a rollback (default: environments.prod.hubUrl; a hubploy.yaml sets none).")
    String hubUrl;

    @Mixin
    RegistryLoginOptions registryLogin;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        Map<String, String> env = System.getenv();
        PromoteOptions options = options(log, env);
        String token = env.get(githubTokenEnv);
        DeploymentConfig config = common.loadConfig();
        String hubToken = options.mode() == PromoteMode.DEPLOY ? env.get(tokenEnv) : null;
        Map<String, Object> result = new PromoteRun(common.runner(log), common.agent(),
                SerializableBuildLog.inProcess(log), env, Clock.systemUTC())
                .run(config, options, null, token == null || token.isBlank() ? null : token, hubToken);
        if (common.json) {
            JsonOutput.print(System.out, result);
        } else {
            System.out.println("promote " + options.mode().id() + ": done" + summary(result));
        }
        return 0;
    }

    PromoteOptions options(BuildLog log, Map<String, String> env) throws HubDeployException {
        PromoteOptions options = new PromoteOptions(PromoteMode.parse(mode, "--mode"), stagingEnv, null, remote,
                sourceBranch, targetBranch,
                maxEvidenceAge == null ? null : AgeParser.parse(maxEvidenceAge, "--max-evidence-age"), smokeReport,
                stagingKubeconfig, githubApiUrl, autoMerge, pullRequest, allowFork, allowOtherBranch,
                overrideDenyWindow, registryLogin.credentials(log, env), hubUrl);
        options.checkModeOptions("--hub-url");
        return options;
    }

    private static String summary(Map<String, Object> result) {
        StringBuilder s = new StringBuilder();
        for (String key : new String[] {"merge", "prodAfter", "branch", "revertCommit", "created", "merged", "githubStatus"}) {
            if (result.get(key) != null) {
                s.append(", ").append(key).append(' ').append(result.get(key));
            }
        }
        return s.toString();
    }
}
