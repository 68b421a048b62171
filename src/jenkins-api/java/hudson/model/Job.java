// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    // package-private: not part of the declared API
    Job() {
    }
}
