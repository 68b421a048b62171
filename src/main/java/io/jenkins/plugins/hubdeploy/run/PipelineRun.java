package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import io.jenkins.plugins.hubdeploy.promote.PromoteOptions;
import io.jenkins.plugins.hubdeploy.promote.PromoteRun;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hubdeploy run --env staging|prod}: the pipeline's sequence for that branch as one command, each stage by
 * the engine the single commands use (ImageBuildRun, DeployRun, SmokeRun, PromoteRun), with a progress line per
 * stage. Staging: build + push, deploy (only when the deployment changed since the commit live on staging, as the
 * pipeline's {@code changed: true}), smoke test, record the evidence (also a failure: prod's gate stays shut; an
 * unchanged deployment is not deployed or tested and record carries the live commit's evidence over), then the
 * promotion ({@code pullRequest} on GitHub, {@code merge} without it, or none). Prod: promote mode deploy
 * (the recorded digests, prod smoke test, rollback on failure). Stops at the first failed stage with its exit code.
 */
public final class PipelineRun {
    public static final String SMOKE_JUNIT = "hubdeploy-smoke.xml";
    public static final String SMOKE_REPORT = PromoteOptions.DEFAULT_SMOKE_REPORT;

    /** One stage's outcome, for the progress lines and the summary. */
    public record Stage(String name, String result, long millis, String detail) {
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("stage", name);
            map.put("result", result);
            map.put("seconds", millis / 1000.0);
            map.put("detail", detail);
            return map;
        }
    }

    /**
     * @param promotion  after a passed staging smoke test: {@code pullRequest}, {@code merge} or {@code none}
     * @param hubUrl     the hub to smoke-test (staging's, or prod's for {@code prod}) instead of the environment's
     *                   hubUrl (null: the configuration's)
     */
    public record Options(String environment, String promotion, String hubUrl, RegistryCredentials registry,
                          String hubToken, String githubToken, Duration deployTimeout) {
    }

    private final ProcessRunner runner;
    private final Agent agent;
    private final SerializableBuildLog log;
    private final Map<String, String> env;
    private final Clock clock;
    private final List<Stage> stages = new ArrayList<>();

    public PipelineRun(ProcessRunner runner, Agent agent, SerializableBuildLog log, Map<String, String> env, Clock clock) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** The stages that ran, in order (also when {@link #run} threw). */
    public List<Stage> stages() {
        return List.copyOf(stages);
    }

    public List<Stage> run(DeploymentConfig config, Options options)
            throws IOException, InterruptedException, HubDeployException {
        log.addSecret(options.hubToken());
        log.addSecret(options.githubToken());
        config.requireDeployable(); // before the build stage: nothing is pushed for a run that cannot deploy
        switch (options.environment()) {
            case "staging" -> staging(config, options);
            case "prod" -> stage("prod: deploy what passed on staging", () -> {
                Map<String, Object> result = promote(config, PromoteMode.DEPLOY, options);
                return "prod " + ((Map<?, ?>) result.getOrDefault("prod", Map.of())).get("revision") + " deployed";
            });
            default -> throw HubDeployException.usage("--env: '" + options.environment() + "': run knows staging and"
                    + " prod (the branches of the process)");
        }
        return stages();
    }

    private void staging(DeploymentConfig config, Options options)
            throws IOException, InterruptedException, HubDeployException {
        if (!List.of("pullRequest", "merge", "none").contains(options.promotion())) {
            throw HubDeployException.usage("--promote: '" + options.promotion() + "': use pullRequest, merge or none");
        }
        stage("build and push images", () -> {
            List<ImageResult> images = new ImageBuildRun(runner, agent, log, env).run(config,
                    new ImageBuildOptions(true, false, false, null, null, options.registry()));
            long built = images.stream().filter(ImageResult::built).count();
            return images.size() + " image(s): " + built + " built and pushed, " + (images.size() - built) + " reused";
        });
        String[] skipped = new String[1];
        stage("deploy staging", () -> {
            Map<String, Object> record = new ManyDeployments(runner, agent, log, env).deployOrSkip(config,
                    new DeployOptions("staging", false, false, options.deployTimeout(), null, StuckPolicy.FAIL,
                            options.registry()), true, log);
            skipped[0] = (String) record.get("skipped");
            return skipped[0] != null ? "not deployed: " + skipped[0]
                    : record.get("release") + " revision " + record.get("revision");
        });
        if (skipped[0] == null) {
            smokeTest(config, options);
        } else {
            // nothing was deployed, so nothing is smoke-tested: the record carries the live commit's evidence over
            Stage notTested = new Stage("smoke-test staging", "skipped", 0, "not deployed, so not tested; record carries"
                    + " the evidence of the commit live on staging over");
            stages.add(notTested);
            log.info("run: [" + stages.size() + "] smoke-test staging: skipped: " + notTested.detail());
        }
        stage("record staging evidence", () -> {
            Map<String, Object> recorded = promote(config, PromoteMode.RECORD, options);
            Object carried = recorded.get("carriedOver");
            return carried instanceof Map<?, ?> from ? "carried over from the live commit " + from.get("commit")
                    + " (unchanged since), stored in refs/notes/hubdeploy" : "passed, stored in refs/notes/hubdeploy";
        });
        if (!options.promotion().equals("none")) {
            PromoteMode mode = options.promotion().equals("merge") ? PromoteMode.MERGE : PromoteMode.PULL_REQUEST;
            stage("promote (" + mode.id() + ")", () -> {
                Map<String, Object> result = promote(config, mode, options);
                return mode == PromoteMode.MERGE ? "prod is now " + result.get("prodAfter") + " (" + result.get("merge") + ")"
                        : "pull request " + ((Map<?, ?>) result.get("pullRequest")).get("url");
            });
        }
    }

    /** The staging smoke test; a failure is recorded as evidence (prod's gate stays shut) and then thrown. */
    private void smokeTest(DeploymentConfig config, Options options)
            throws IOException, InterruptedException, HubDeployException {
        try {
            stage("smoke-test staging", () -> {
                SmokeRequest request = new SmokeRequest(options.hubUrl(), "staging", null, null, null, null, null, null,
                        null, null, null, null, null, SMOKE_JUNIT, SMOKE_REPORT);
                SmokeReport report = new SmokeRun(agent, log).run(SmokeRun.resolve(request, () -> config),
                        options.hubToken());
                SmokeRun.verdict(report);
                return report.checks().size() + " checks passed on JupyterHub " + report.hubVersion();
            });
        } catch (HubDeployException smokeFailed) {
            // the failure is evidence too: recorded, so no promotion of this tree can pass
            try {
                stage("record the failure", () -> {
                    promote(config, PromoteMode.RECORD, options);
                    return "recorded";
                });
            } catch (HubDeployException recorded) {
                log.info("run: staging failure recorded for this tree: prod's gate stays shut");
            }
            throw smokeFailed;
        }
    }

    private Map<String, Object> promote(DeploymentConfig config, PromoteMode mode, Options options)
            throws IOException, InterruptedException, HubDeployException {
        PromoteOptions promote = new PromoteOptions(mode, null, null, null, null, null, null, SMOKE_REPORT, null, null,
                null, null, false, false, null, options.registry(),
                mode == PromoteMode.DEPLOY ? options.hubUrl() : null);
        return new PromoteRun(runner, agent, log, env, clock).run(config, promote, null, options.githubToken(),
                mode == PromoteMode.DEPLOY ? options.hubToken() : null);
    }

    private interface Work {
        String run() throws IOException, InterruptedException, HubDeployException;
    }

    private void stage(String name, Work work) throws IOException, InterruptedException, HubDeployException {
        int number = stages.size() + 1;
        log.info("run: [" + number + "] " + name + " ...");
        long start = System.nanoTime();
        try {
            String detail = work.run();
            Stage done = new Stage(name, "ok", (System.nanoTime() - start) / 1_000_000, detail);
            stages.add(done);
            log.info("run: [" + number + "] " + name + ": ok in " + done.millis() / 1000.0 + " s: " + detail);
        } catch (HubDeployException e) {
            Stage failed = new Stage(name, e.exitCode() == ExitCode.FAILED ? "FAILED" : "ERROR",
                    (System.nanoTime() - start) / 1_000_000, e.getMessage());
            stages.add(failed);
            log.warn("run: [" + number + "] " + name + ": " + failed.result() + " in " + failed.millis() / 1000.0
                    + " s: " + e.getMessage());
            throw e;
        }
    }
}
