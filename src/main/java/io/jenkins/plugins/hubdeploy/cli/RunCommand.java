package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.PipelineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy run --env staging|prod}: the pipeline's sequence for that branch, without Jenkins. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The process for one branch as one command, with a progress line per stage:",
                "  --env staging  build and push what is missing, deploy staging, smoke-test it, record the evidence",
                "                 (a failed smoke test is recorded too: prod's gate stays shut), then --promote;",
                "                 unchanged since the commit live on staging: not deployed or tested, the live",
                "                 commit's evidence is carried over (refused unless it passed and staging still runs it)",
                "  --env prod     promote mode deploy: prod gets the digests that passed on staging, is smoke-tested",
                "                 and rolled back on failure"},
        footer = {"", "Exit codes: the first failed stage's: 1 a verdict (smoke test failed, promotion refused); 2 bad"
                + " usage or configuration; 3 environment (tool missing, registry/cluster/hub unreachable)."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", required = true, description = "staging or prod.")
    String environment;

    @Option(names = "--promote", paramLabel = "HOW", defaultValue = "auto",
            description = "staging, after a passed smoke test: pullRequest (GitHub), merge (git only), none, or auto:"
                    + " pullRequest when the GitHub token is set, else none (default: ${DEFAULT-VALUE}).")
    String promote;

    @Option(names = "--hub-url", paramLabel = "URL", description = "Smoke-test this hub (staging's, or prod's with --env prod) instead of the environment's hubUrl.")
    String hubUrl;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "JUPYTERHUB_API_TOKEN",
            description = "Environment variable with the hub API token for the smoke test (default: ${DEFAULT-VALUE}).")
    String tokenEnv;

    @Option(names = "--github-token-env", paramLabel = "VAR", defaultValue = "GITHUB_TOKEN",
            description = "Environment variable with the GitHub token (default: ${DEFAULT-VALUE}); unset: no GitHub.")
    String githubTokenEnv;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "helm's --timeout for the staging deploy (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    RegistryLoginOptions registryLogin;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        Map<String, String> env = System.getenv();
        String hubToken = blankToNull(env.get(tokenEnv));
        if (hubToken == null) {
            throw HubDeployException.usage("no hub API token for the smoke test: set " + tokenEnv
                    + " (or name another variable with --token-env)");
        }
        String githubToken = blankToNull(env.get(githubTokenEnv));
        String promotion = !promote.equals("auto") ? promote : githubToken != null ? "pullRequest" : "none";
        PipelineRun.Options options = new PipelineRun.Options(environment, promotion, hubUrl,
                registryLogin.credentials(log, env), hubToken, githubToken, HelmDuration.parse(timeout, "--timeout"));
        PipelineRun run = new PipelineRun(common.runner(log), common.agent(), SerializableBuildLog.inProcess(log), env,
                Clock.systemUTC());
        try {
            run.run(common.loadConfig(), options);
        } finally {
            print(run.stages());
        }
        return 0;
    }

    private void print(List<PipelineRun.Stage> stages) {
        if (common.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("environment", environment);
            result.put("stages", stages.stream().map(PipelineRun.Stage::toMap).toList());
            JsonOutput.print(System.out, result);
            return;
        }
        for (PipelineRun.Stage stage : stages) {
            System.out.printf("%-40s %-7s %7.1f s  %s%n", stage.name(), stage.result(), stage.millis() / 1000.0,
                    stage.detail());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
