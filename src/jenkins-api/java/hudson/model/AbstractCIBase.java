// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson.model;

public abstract class AbstractCIBase extends Node {
    public AbstractCIBase() {
    }
}
