// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends AccessControlled {
    // not constants: the values are Jenkins' own Permission objects (null here, where nothing runs)
    Permission EXTENDED_READ = null;
    Permission CONFIGURE = null;
}
