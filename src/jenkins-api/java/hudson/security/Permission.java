// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson.security;

public final class Permission {
    private Permission() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
