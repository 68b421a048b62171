package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.hubdeploy.promote.GitCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.Map;

/**
 * The credentials of {@code promoteToProd}, with its own parameter names in the messages: the git/GitHub login
 * ({@code gitCredentialsId}) and the prod hub's API token for mode deploy's smoke test ({@code hubCredentialsId},
 * else JUPYTERHUB_API_TOKEN of the build, as {@link SmokeTokenLookup} does for runHubSmokeTests).
 */
final class PromoteCredentialsLookup {
    private static final String STEP = PromoteToProdStep.FUNCTION_NAME;

    private PromoteCredentialsLookup() {
    }

    /** Null when no ID was given (git then uses the agent's own credentials, and there is no GitHub token). */
    static GitCredentials git(String credentialsId, Run<?, ?> run) throws AbortException {
        return git(credentialsId, run, CredentialsAccess.JENKINS);
    }

    static GitCredentials git(String credentialsId, Run<?, ?> run, CredentialsAccess credentials) throws AbortException {
        return git(STEP, credentialsId, run, credentials);
    }

    /** The same login for another step ({@code pinHubImage}), its name in the message. */
    static GitCredentials git(String step, String credentialsId, Run<?, ?> run, CredentialsAccess credentials)
            throws AbortException {
        if (credentialsId == null) {
            return null;
        }
        return credentials.use(credentialsId, StandardUsernamePasswordCredentials.class, run, step + ": gitCredentialsId '"
                + credentialsId + "' does not name a 'Username with password' credential this job can use (a GitHub"
                + " App credential works too); add one under Manage Jenkins > Credentials (or in the job's folder) or"
                + " fix the ID", found -> new GitCredentials(found.getUsername(), found.getPassword().getPlainText()));
    }

    static String hubToken(String credentialsId, Run<?, ?> run, Map<String, String> env) throws AbortException {
        return hubToken(credentialsId, run, env, CredentialsAccess.JENKINS);
    }

    static String hubToken(String credentialsId, Run<?, ?> run, Map<String, String> env, CredentialsAccess credentials)
            throws AbortException {
        if (credentialsId == null) {
            String token = env.get(SmokeTokenLookup.TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new AbortException(STEP + ": mode deploy smoke-tests prod and needs the prod hub's API token;"
                        + " pass hubCredentialsId (a 'Secret text' credential) or set "
                        + SmokeTokenLookup.TOKEN_VARIABLE + " with withCredentials");
            }
            return token;
        }
        return credentials.use(credentialsId, StringCredentials.class, run, STEP + ": hubCredentialsId '"
                + credentialsId + "' does not name a 'Secret text' credential this job can use; add one under Manage"
                + " Jenkins > Credentials (or in the job's folder) or fix the ID",
                found -> found.getSecret().getPlainText());
    }
}
