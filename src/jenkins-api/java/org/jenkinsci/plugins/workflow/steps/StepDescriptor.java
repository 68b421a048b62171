// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;

import java.util.Map;
import java.util.Set;

public abstract class StepDescriptor extends Descriptor<Step> {
    public StepDescriptor() {
    }

    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();

    public Step newInstance(Map<String, Object> arguments) throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
