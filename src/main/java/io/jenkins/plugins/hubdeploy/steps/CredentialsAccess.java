package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.AbortException;
import hudson.model.Run;

import java.util.function.Function;

/**
 * The credentials plugin as the steps use it: find a credential by ID for a build, record that the build used it
 * ({@code CredentialsProvider.track}: {@code findCredentialById} does not, so without it the credential's
 * "Usage" page never lists the job), then read what the step needs from it.
 */
interface CredentialsAccess {
    CredentialsAccess JENKINS = new CredentialsAccess() {
        @Override
        public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run) {
            return CredentialsProvider.findCredentialById(id, type, run);
        }

        @Override
        public void track(Run<?, ?> run, Credentials used) {
            CredentialsProvider.track(run, used);
        }
    };

    <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run);

    void track(Run<?, ?> run, Credentials used);

    /**
     * Finds, tracks, then reads the credential; {@code notFound} is the message when the ID names no credential of
     * that type this build may use.
     */
    default <C extends IdCredentials, R> R use(String id, Class<C> type, Run<?, ?> run, String notFound,
                                               Function<C, R> read) throws AbortException {
        C found = find(id, type, run);
        if (found == null) {
            throw new AbortException(notFound);
        }
        track(run, found);
        return read.apply(found);
    }
}
