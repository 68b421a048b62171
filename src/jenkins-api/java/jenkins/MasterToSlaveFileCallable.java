// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package jenkins;

import hudson.FilePath;
import org.jenkinsci.remoting.RoleChecker;

public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
    public MasterToSlaveFileCallable() {
    }

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
