package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.config.LoadConfigTask;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.image.SharedBuilds;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tags, build and deploy over several deployments of one repository (DataHub has about thirty), shared by the CLI
 * ({@code -d all}, {@code -d a,b}) and the steps ({@code deployments: 'all'}): each deployment loaded and run in
 * isolation ({@link EachDeployment}), a bounded number at once, then one summary table in the log. With
 * {@code changedOnly} a deploy (with {@link ChangedOnly} a build) skips the deployments whose inputs did not change
 * since the commit live in that environment ({@link ChangedSinceLive}).
 */
public final class ManyDeployments {
    /** Default number of deployments run at once. */
    public static final int DEFAULT_PARALLEL = 2;

    private final ProcessRunner runner;
    private final Agent agent;
    private final BuildLog log;
    private final Map<String, String> env;

    public ManyDeployments(ProcessRunner runner, Agent agent, BuildLog log, Map<String, String> env) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    /** The names {@code selection} covers, resolved where the workspace is. */
    public List<String> resolve(DeploymentSelection selection) throws IOException, InterruptedException, HubDeployException {
        return agent.run(new Resolve(selection));
    }

    public List<EachDeployment.Outcome> tags(DeploymentSelection selection, int parallel)
            throws IOException, InterruptedException, HubDeployException {
        return summarised(EachDeployment.run(resolve(selection), parallel, log, (name, own) -> {
            DeploymentConfig config = agent.run(new LoadConfigTask(name));
            List<String> tags = new ContentTagger(runner, agent, own, env).tagsFor(config.images(), config.build().maxContextFiles());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < tags.size(); i++) {
                ImageSpec image = config.images().get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", image.name());
                row.put("tag", tags.get(i));
                row.put("source", image.source().name().toLowerCase(java.util.Locale.ROOT));
                rows.add(row);
            }
            return Map.of("images", rows);
        }));
    }

    public List<EachDeployment.Outcome> build(DeploymentSelection selection, ImageBuildOptions options, int parallel)
            throws IOException, InterruptedException, HubDeployException {
        return build(selection, options, null, parallel);
    }

    /** {@code changed} non-null: only the deployments whose inputs changed are built; the others are skipped. */
    public List<EachDeployment.Outcome> build(DeploymentSelection selection, ImageBuildOptions options,
                                              ChangedOnly changed, int parallel)
            throws IOException, InterruptedException, HubDeployException {
        SharedBuilds shared = new SharedBuilds();
        return summarised(EachDeployment.run(resolve(selection), parallel, log, (name, own) -> {
            DeploymentConfig config = agent.run(new LoadConfigTask(name));
            ChangedSinceLive.Decision decision = gate(config, changed, "building", "for", own);
            List<ImageResult> results = new ImageBuildRun(runner, agent, own, env).sharing(shared).run(config, options);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("images", results.stream().map(ImageResult::toMap).toList());
            if (decision != null) {
                result.put("change", decision.toMap());
            }
            return result;
        }));
    }

    /**
     * One deployment's build, skipped ({@link EachDeployment.Skip}) when {@code changed} is given and nothing the
     * deployment depends on changed. The single-deployment path of {@code build --changed}.
     */
    public List<ImageResult> buildOne(DeploymentConfig config, ImageBuildOptions options, ChangedOnly changed,
                                      BuildLog own) throws IOException, InterruptedException, HubDeployException {
        gate(config, changed, "building", "for", own);
        return new ImageBuildRun(runner, agent, own, env).run(config, options);
    }

    /**
     * {@link #buildOne} as a step returns it: one map per image, or, when nothing changed, one map
     * {@code {deployment, environment, skipped: reason}} instead of the images.
     */
    public List<Map<String, Object>> buildOrSkip(DeploymentConfig config, ImageBuildOptions options,
                                                 ChangedOnly changed, BuildLog own)
            throws IOException, InterruptedException, HubDeployException {
        try {
            return new ArrayList<>(buildOne(config, options, changed, own).stream().map(ImageResult::toMap).toList());
        } catch (EachDeployment.Skip skip) {
            return new ArrayList<>(List.of(skipped(config, changed.environment(), skip)));
        }
    }

    public List<EachDeployment.Outcome> deploy(DeploymentSelection selection, DeployOptions options, boolean changedOnly,
                                               int parallel) throws IOException, InterruptedException, HubDeployException {
        return summarised(EachDeployment.run(resolve(selection), parallel, log, (name, own) -> {
            DeploymentConfig config = agent.run(new LoadConfigTask(name));
            return deployOne(config, options, changedOnly, own);
        }));
    }

    /**
     * One deployment's deploy (or preflight), skipped ({@link EachDeployment.Skip}) when {@code changedOnly} and
     * nothing it depends on changed since the live commit. Also the single-deployment path of {@code changed}.
     */
    public Map<String, Object> deployOne(DeploymentConfig config, DeployOptions options, boolean changedOnly,
                                         BuildLog own) throws IOException, InterruptedException, HubDeployException {
        ChangedSinceLive.Decision decision;
        try {
            decision = gate(config, changedOnly ? ChangedOnly.sinceLive(options.environment()) : null, "deploying",
                    "to", own);
        } catch (EachDeployment.Skip skip) {
            if (!options.dryRun()) {
                agent.run(new DeployRecord.ForgetInWorkspace(config.deployment(), options.environment()))
                        .forEach(file -> own.info("changed: removed " + file + " (a deploy record from an earlier"
                                + " run: this run deployed nothing)"));
            }
            throw skip;
        }
        Map<String, Object> result = new LinkedHashMap<>(new DeployRun(runner, agent, own, env).run(config, options).toMap());
        if (decision != null) {
            result.put("change", decision.toMap());
        }
        return result;
    }

    /**
     * {@link #deployOne}, with "nothing changed" as a result rather than an exception: the map is then
     * {@code {deployment, environment, skipped: reason, change: {...}}}.
     */
    public Map<String, Object> deployOrSkip(DeploymentConfig config, DeployOptions options, boolean changedOnly,
                                            BuildLog own) throws IOException, InterruptedException, HubDeployException {
        try {
            return deployOne(config, options, changedOnly, own);
        } catch (EachDeployment.Skip skip) {
            return skipped(config, options.environment(), skip);
        }
    }

    private static Map<String, Object> skipped(DeploymentConfig config, String environment, EachDeployment.Skip skip) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deployment", config.deployment());
        result.put("environment", environment);
        result.put("skipped", skip.getMessage());
        return result;
    }

    /**
     * With {@code changed}: whether the deployment's inputs changed, logged as "changed: deploying d to staging: why"
     * (or "building d for staging"); {@link EachDeployment.Skip} with the reason when nothing did. Null without.
     */
    private ChangedSinceLive.Decision gate(DeploymentConfig config, ChangedOnly changed, String doing, String preposition,
                                           BuildLog own) throws IOException, InterruptedException, HubDeployException {
        if (changed == null) {
            return null;
        }
        ChangedSinceLive.Decision decision = changed.decide(config, runner, env);
        own.info("changed: " + (decision.deploy() ? doing : "not " + doing) + " " + config.deployment() + " "
                + preposition + " " + changed.environment() + ": " + decision.reason());
        if (!decision.deploy()) {
            throw new EachDeployment.Skip(decision.reason());
        }
        return decision;
    }

    /**
     * The result a step returns for several deployments ({@code deployments: [outcome...], failed: 0}), or the
     * failure that fails the build when any deployment failed (after the summary table is in the log).
     */
    public static Map<String, Object> resultOrFailure(List<EachDeployment.Outcome> outcomes) throws HubDeployException {
        HubDeployException verdict = EachDeployment.verdict(outcomes);
        if (verdict != null) {
            throw verdict;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deployments", new ArrayList<>(outcomes.stream().map(EachDeployment.Outcome::toMap).toList()));
        result.put("failed", 0);
        return result;
    }

    private List<EachDeployment.Outcome> summarised(List<EachDeployment.Outcome> outcomes) {
        SummaryTable.lines(outcomes).forEach(log::info);
        return outcomes;
    }

    /** Resolves a selection against the workspace (on the agent in Jenkins). */
    record Resolve(DeploymentSelection selection) implements AgentTask<ArrayList<String>> {
        private static final long serialVersionUID = 1L;

        @Override
        public ArrayList<String> call(Path workspace) throws HubDeployException {
            return new ArrayList<>(selection.resolve(workspace));
        }
    }
}
