package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.kube.DeployRecordStore;
import io.jenkins.plugins.hubdeploy.kube.KubectlCli;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a deployment must deploy to an environment because its inputs ({@link DeploymentInputs}) changed since
 * the commit that is live there, as the deploy record in the cluster (ConfigMap {@code hubdeploy-record-<release>})
 * says. When in doubt it deploys: no record yet, a record without commit or from a dirty tree, a live commit this
 * clone does not have (shallow clone: fetch more history to decide).
 */
public final class ChangedSinceLive {
    private static final Map<String, String> GIT_ENV = Map.of("GIT_OPTIONAL_LOCKS", "0", "LC_ALL", "C");
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(1);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final int PATHS_SHOWN = 5;

    /**
     * @param deploy       whether to deploy
     * @param reason       why, in one line
     * @param liveCommit   the commit the record names (with a ref given instead: that ref's commit), or null
     * @param changedPaths the changed inputs (empty when not known or none)
     */
    public record Decision(String deployment, String environment, boolean deploy, String reason, String liveCommit,
                           List<String> changedPaths) implements Serializable {
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("deployment", deployment);
            map.put("environment", environment);
            map.put("deploy", deploy);
            map.put("reason", reason);
            map.put("liveCommit", liveCommit);
            map.put("changedPaths", changedPaths);
            return map;
        }
    }

    private final ProcessRunner runner;
    private final Map<String, String> env;

    /** {@code env}: kubectl's environment (KUBECONFIG); git runs in the repository through the same runner. */
    public ChangedSinceLive(ProcessRunner runner, Map<String, String> env) {
        this.runner = runner;
        this.env = Map.copyOf(env);
    }

    public Decision decide(DeploymentConfig config, String environmentName)
            throws IOException, InterruptedException, HubDeployException {
        EnvironmentSpec environment = config.environment(environmentName);
        String release = config.chart().releaseFor(config.deployment(), environment.name());
        Optional<String> json = new DeployRecordStore(new KubectlCli(runner, env, new SecretMasker()), new SecretMasker())
                .read(environment.namespace(), release);
        String d = config.deployment();
        String e = environment.name();
        if (json.isEmpty()) {
            return new Decision(d, e, true, "no deploy record of " + release + " in namespace " + environment.namespace()
                    + ": never deployed by hubdeploy", null, List.of());
        }
        DeployRecord record;
        try {
            record = DeployRecord.fromJson(json.get());
        } catch (HubDeployException bad) {
            return new Decision(d, e, true, "the deploy record of " + release + " cannot be read (" + bad.getMessage()
                    + ")", null, List.of());
        }
        String live = record.gitCommit();
        if (live == null || !COMMIT.matcher(live).matches()) {
            return new Decision(d, e, true, "the live deploy record names no commit", null, List.of());
        }
        if (record.gitDirty()) {
            return new Decision(d, e, true, "the live deploy came from uncommitted changes on top of " + abbrev(live),
                    live, List.of());
        }
        if (!git(List.of("cat-file", "-e", live + "^{commit}")).ok()) {
            return new Decision(d, e, true, "the live commit " + abbrev(live) + " is not in this clone (a shallow"
                    + " clone? fetch more history to decide): deploying", live, List.of());
        }
        return compare(config, environment, live, "the live commit " + abbrev(live));
    }

    /**
     * Whether the deployment's inputs for {@code environmentName} differ between the git ref {@code ref} (e.g.
     * {@code origin/staging}, what a pull request will be merged into) and the working tree: the same comparison
     * as {@link #decide} without asking the cluster. A ref the clone lacks is exit 2 (fetch it first), not a guess.
     */
    public Decision decideSince(DeploymentConfig config, String environmentName, String ref)
            throws IOException, InterruptedException, HubDeployException {
        EnvironmentSpec environment = config.environment(environmentName);
        ProcessResult resolved = git(List.of("rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"));
        String commit = resolved.stdout().strip();
        if (!resolved.ok() || !COMMIT.matcher(commit).matches()) {
            throw HubDeployException.usage("the git ref '" + ref + "' to compare with (--changed-since, changedSince)"
                    + " is no commit in this clone. Fetch it first (e.g. git fetch origin staging) or name another ref");
        }
        return compare(config, environment, commit, ref + " (" + abbrev(commit) + ")");
    }

    /** The decision from {@code git diff} of the deployment's inputs between {@code base} and the working tree. */
    private Decision compare(DeploymentConfig config, EnvironmentSpec environment, String base, String baseName)
            throws IOException, InterruptedException, HubDeployException {
        String d = config.deployment();
        String e = environment.name();
        List<String> inputs = DeploymentInputs.paths(config, environment);
        List<String> argv = new ArrayList<>(List.of("diff", "--name-only", "--no-renames", base, "--"));
        argv.addAll(inputs);
        ProcessResult diff = git(argv);
        if (!diff.ok()) {
            throw HubDeployException.environment("git diff against " + baseName + " failed: "
                    + diff.stderr().strip());
        }
        List<String> changed = new ArrayList<>(diff.stdout().lines().filter(l -> !l.isBlank()).toList());
        List<String> untrackedArgs = new ArrayList<>(List.of("ls-files", "--others", "--exclude-standard", "--"));
        untrackedArgs.addAll(inputs);
        ProcessResult untracked = git(untrackedArgs);
        if (untracked.ok()) {
            untracked.stdout().lines().filter(l -> !l.isBlank()).forEach(changed::add);
        }
        if (changed.isEmpty()) {
            return new Decision(d, e, false, "no input changed since " + baseName, base, List.of());
        }
        String shown = String.join(", ", changed.subList(0, Math.min(PATHS_SHOWN, changed.size())))
                + (changed.size() > PATHS_SHOWN ? " and " + (changed.size() - PATHS_SHOWN) + " more" : "");
        return new Decision(d, e, true, changed.size() + " input(s) changed since " + baseName + ": "
                + shown, base, List.copyOf(changed));
    }

    private static String abbrev(String commit) {
        return commit.substring(0, 12);
    }

    private ProcessResult git(List<String> args) throws IOException, InterruptedException, HubDeployException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(args);
        try {
            return runner.run(ProcessSpec.of(argv).withEnv(GIT_ENV).withTimeout(GIT_TIMEOUT));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("git is not installed on the agent: 'changed' compares the"
                    + " repository with the live commit, which needs git", e);
        }
    }
}
