package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.Map;

/**
 * The prod hub's API token for {@code promoteToProd(mode: 'deploy')}'s smoke test: the {@code hubCredentialsId}
 * secret text credential, else JUPYTERHUB_API_TOKEN of the build (as {@link SmokeTokenLookup} does for
 * runHubSmokeTests, with this step's parameter in the messages).
 */
final class ProdHubTokenLookup {
    private ProdHubTokenLookup() {
    }

    static String find(String credentialsId, Run<?, ?> run, Map<String, String> env) throws AbortException {
        String step = PromoteToProdStep.FUNCTION_NAME;
        if (credentialsId == null) {
            String token = env.get(SmokeTokenLookup.TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new AbortException(step + ": mode deploy smoke-tests prod and needs the prod hub's API token;"
                        + " pass hubCredentialsId (a 'Secret text' credential) or set "
                        + SmokeTokenLookup.TOKEN_VARIABLE + " with withCredentials");
            }
            return token;
        }
        StringCredentials found = CredentialsProvider.findCredentialById(credentialsId, StringCredentials.class, run);
        if (found == null) {
            throw new AbortException(step + ": hubCredentialsId '" + credentialsId + "' does not name a 'Secret text'"
                    + " credential this job can use; add one under Manage Jenkins > Credentials (or in the job's"
                    + " folder) or fix the ID");
        }
        return found.getSecret().getPlainText();
    }
}
