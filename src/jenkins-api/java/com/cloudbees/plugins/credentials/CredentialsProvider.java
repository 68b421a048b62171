// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Run;

import java.util.List;

public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements Describable<CredentialsProvider> {
    public CredentialsProvider() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Deprecated in the credentials plugin; lists as ACL.SYSTEM, the authentication of a build by default. */
    @Deprecated
    public static <C extends Credentials> List<C> lookupCredentials(Class<C> type, Item item) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @SuppressWarnings("rawtypes") // the real parameter is the raw type
    public static <C extends Credentials> C track(Run build, C credentials) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
