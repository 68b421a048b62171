// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Run;

public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements Describable<CredentialsProvider> {
    public CredentialsProvider() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @SuppressWarnings("rawtypes") // the real parameter is the raw type
    public static <C extends Credentials> C track(Run build, C credentials) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
