package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * A run that keeps only the deployments whose inputs ({@link DeploymentInputs} for {@code environment}) changed:
 * since the commit live in {@code environment} (the deploy record in the cluster), or, with {@code sinceRef}, since
 * that git ref (no cluster needed: a pull request's build compares with {@code origin/staging}).
 *
 * @param environment the environment whose inputs count (and whose live commit is read without {@code sinceRef})
 * @param sinceRef    a git ref to compare with instead of the live commit, or null
 */
public record ChangedOnly(String environment, String sinceRef) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Since the commit live in {@code environment}. */
    public static ChangedOnly sinceLive(String environment) {
        return new ChangedOnly(environment, null);
    }

    /**
     * What a run's options ask for: null (every deployment) unless {@code changed} or {@code sinceRef}; exit 2 when
     * both are given or the ref is blank. {@code changedName} / {@code sinceName}: the options' names in messages.
     */
    public static ChangedOnly of(boolean changed, String sinceRef, String environment, String changedName,
                                 String sinceName) throws HubDeployException {
        if (changed && sinceRef != null) {
            throw HubDeployException.usage(changedName + " and " + sinceName + " both say what to compare with: pass"
                    + " one (" + changedName + ": the commit live in the environment; " + sinceName + ": a git ref)");
        }
        if (sinceRef != null && sinceRef.isBlank()) {
            throw HubDeployException.usage(sinceName + " needs a git ref, e.g. origin/staging");
        }
        if (!changed && sinceRef == null) {
            return null;
        }
        return new ChangedOnly(environment, sinceRef == null ? null : sinceRef.strip());
    }

    ChangedSinceLive.Decision decide(DeploymentConfig config, ProcessRunner runner, Map<String, String> env)
            throws IOException, InterruptedException, HubDeployException {
        ChangedSinceLive changes = new ChangedSinceLive(runner, env);
        return sinceRef == null ? changes.decide(config, environment) : changes.decideSince(config, environment, sinceRef);
    }
}
