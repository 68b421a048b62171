// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    public Step() {
    }

    public abstract StepExecution start(StepContext context) throws Exception;
}
