package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;

/** Resolves a step's {@code credentialsId} to the username/password credentials this build may use. */
final class RegistryCredentialsLookup {
    private RegistryCredentialsLookup() {
    }

    /**
     * @param step the step's function name, for the message
     * @return null when no ID was given (the builder then uses its own registry login)
     */
    static RegistryCredentials find(String step, String credentialsId, Run<?, ?> run) throws AbortException {
        return find(step, credentialsId, run, CredentialsAccess.JENKINS);
    }

    static RegistryCredentials find(String step, String credentialsId, Run<?, ?> run, CredentialsAccess credentials)
            throws AbortException {
        if (credentialsId == null) {
            return null;
        }
        return credentials.use(credentialsId, StandardUsernamePasswordCredentials.class, run, step + ": credentialsId '"
                        + credentialsId + "' does not name a 'Username with password' credential this job can use;"
                        + " add one under Manage Jenkins > Credentials (or in the job's folder) or fix the ID",
                found -> new RegistryCredentials(found.getUsername(), found.getPassword().getPlainText()));
    }
}
