package io.jenkins.plugins.hubdeploy.steps;

import hudson.util.FormValidation;
import io.jenkins.plugins.hubdeploy.config.NameRules;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.QueryParameter;

/**
 * What the steps' descriptors share: the form context their Snippet Generator endpoints ask (Jenkins'
 * permissions and credential stores, or a stand-in in tests) and the check of the {@code deployment} parameter
 * that {@link HubDeployStep} gives every step. Public, so Stapler reaches the inherited public {@code doCheck}
 * method through reflection without a synthetic bridge.
 */
public abstract class HubDeployStepDescriptor extends StepDescriptor {
    final transient FormContext forms;

    HubDeployStepDescriptor(FormContext forms) {
        this.forms = forms;
    }

    public FormValidation doCheckDeployment(@QueryParameter String value) {
        return StepForms.check(value, NameRules::checkDeployment);
    }
}
