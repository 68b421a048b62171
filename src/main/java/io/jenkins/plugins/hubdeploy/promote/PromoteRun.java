package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * The promotion capability shared by {@code hubdeploy promote} and the {@code promoteToProd} step: guards the
 * branch, then runs the mode (record, pullRequest, check, merge, deploy, revert; docs/promote.md). Git runs through the
 * {@link ProcessRunner}, GitHub and the registry through the {@link Agent}. Git credentials, when given, reach git
 * only through a {@code GIT_ASKPASS} program in a private scratch directory that is deleted at the end.
 */
public final class PromoteRun {
    private final ProcessRunner runner;
    private final Agent agent;
    private final SerializableBuildLog log;
    private final Map<String, String> env;
    private final Clock clock;

    /** {@code env}: the build's environment (BRANCH_NAME, CHANGE_*, BUILD_URL, GIT_URL, KUBECONFIG, ...). */
    public PromoteRun(ProcessRunner runner, Agent agent, SerializableBuildLog log, Map<String, String> env, Clock clock) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /**
     * @param gitCredentials for the git remote, or null for its ambient credentials
     * @param githubToken    for GitHub's API, or null when not on GitHub (statuses are then skipped; pullRequest refuses)
     */
    public Map<String, Object> run(DeploymentConfig config, PromoteOptions options, GitCredentials gitCredentials,
                                   String githubToken) throws IOException, InterruptedException, HubDeployException {
        return run(config, options, gitCredentials, githubToken, null);
    }

    /** @param hubToken the prod hub's API token for mode deploy's smoke test, or null for the other modes */
    public Map<String, Object> run(DeploymentConfig config, PromoteOptions options, GitCredentials gitCredentials,
                                   String githubToken, String hubToken)
            throws IOException, InterruptedException, HubDeployException {
        config.requireDeployable();
        SecretMasker masker = new SecretMasker();
        if (gitCredentials != null) {
            masker.add(gitCredentials.password());
            log.addSecret(gitCredentials.password());
        }
        masker.add(githubToken);
        log.addSecret(githubToken);
        masker.add(hubToken);
        log.addSecret(hubToken);
        PromotionSettings settings = PromotionSettings.resolve(options, config);
        BranchGuard.check(options.mode(), settings, options, env);
        String scratch = agent.run(new ScratchDir.Create());
        try {
            String askpass = gitCredentials == null ? null : agent.run(new GitAskpass(scratch, gitCredentials));
            GitCli git = new GitCli(runner, env, masker, askpass);
            EvidenceStore store = new EvidenceStore(git, options.remote(), agent, scratch, log);
            StagingRelease staging = options.stagingKubeconfig() == null ? null
                    : new StagingRelease(runner, env, options.stagingKubeconfig(), masker);
            EvidenceVerifier verifier = new EvidenceVerifier(agent, log, clock, env, options.registryCredentials(), staging);
            PromoteContext ctx = new PromoteContext(config, options, settings, runner, agent, log, env, clock, masker,
                    git, store, verifier, scratch, githubToken);
            log.info("promoteToProd: mode " + options.mode().id() + " for " + config.deployment() + " ("
                    + settings.sourceBranch() + " -> " + settings.targetBranch() + ")");
            return switch (options.mode()) {
                case RECORD -> RecordMode.run(ctx);
                case PULL_REQUEST -> PullRequestMode.run(ctx);
                case CHECK -> CheckMode.run(ctx);
                case MERGE -> MergeMode.run(ctx);
                case DEPLOY -> DeployMode.run(ctx, hubToken);
                case REVERT -> RevertMode.run(ctx);
            };
        } finally {
            Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
            if (failure != null) {
                log.warn("could not delete the promotion's scratch directory " + scratch + " (" + failure.getMessage()
                        + "); delete it by hand: it may hold the git credentials");
            }
        }
    }
}
