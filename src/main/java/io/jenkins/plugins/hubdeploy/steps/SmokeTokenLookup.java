package io.jenkins.plugins.hubdeploy.steps;

import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.Map;

/** The hub API token of {@code runHubSmokeTests}: a secret text credential, else JUPYTERHUB_API_TOKEN of the build. */
final class SmokeTokenLookup {
    static final String TOKEN_VARIABLE = "JUPYTERHUB_API_TOKEN";

    private SmokeTokenLookup() {
    }

    static String find(String credentialsId, Run<?, ?> run, Map<String, String> env) throws AbortException {
        return find(credentialsId, run, env, CredentialsAccess.JENKINS);
    }

    static String find(String credentialsId, Run<?, ?> run, Map<String, String> env, CredentialsAccess credentials)
            throws AbortException {
        if (credentialsId == null) {
            String token = env.get(TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new AbortException(RunHubSmokeTestsStep.FUNCTION_NAME + ": no hub API token; pass"
                        + " credentialsId (a 'Secret text' credential) or set " + TOKEN_VARIABLE + " with"
                        + " withCredentials");
            }
            return token;
        }
        return credentials.use(credentialsId, StringCredentials.class, run, RunHubSmokeTestsStep.FUNCTION_NAME
                + ": credentialsId '" + credentialsId + "' does not name a 'Secret text' credential this job can use;"
                + " add one under Manage Jenkins > Credentials (or in the job's folder) or fix the ID",
                found -> found.getSecret().getPlainText());
    }
}
