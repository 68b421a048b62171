package io.jenkins.plugins.hubdeploy.steps;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every step of this plugin binds the same way: which deployment, and where its repository is in the
 * workspace. Blank strings from the Snippet Generator's form count as "not set".
 */
public abstract class HubDeployStep extends Step {
    private String deployment;
    private String dir = ".";

    public String getDeployment() {
        return deployment;
    }

    /** The deployment ({@code deployments/<name>/}); empty when the repository has exactly one. */
    @DataBoundSetter
    public void setDeployment(String deployment) {
        this.deployment = blankToNull(deployment);
    }

    public String getDir() {
        return dir;
    }

    /** The repository root relative to the workspace. */
    @DataBoundSetter
    public void setDir(String dir) {
        String value = blankToNull(dir);
        this.dir = value == null ? "." : value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
