package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.kube.ClusterErrors;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Decrypts a sops file with the {@code sops} CLI ({@code SOPS_BIN}, else {@code sops} on PATH) straight into a 0600
 * file in the private scratch directory ({@code --output}), so the clear text never passes through a pipe or the
 * log. The keys come from the environment sops reads (SOPS_AGE_KEY_FILE, cloud KMS credentials, gpg agent).
 */
public final class SopsDecryptor {
    public static final String SOPS_BIN = "SOPS_BIN";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final ProcessRunner runner;
    private final Agent agent;
    private final Map<String, String> env;

    public SopsDecryptor(ProcessRunner runner, Agent agent, Map<String, String> env) {
        this.runner = runner;
        this.agent = agent;
        this.env = Map.copyOf(env);
    }

    /** Decrypts repository-relative {@code path} into absolute {@code target} and returns the clear text. */
    public String decrypt(String path, String target) throws IOException, InterruptedException, HubDeployException {
        agent.run(new DeployFiles.WritePrivate(target, ""));
        String sops = env.getOrDefault(SOPS_BIN, "sops");
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(List.of(sops, "--decrypt", "--input-type", "yaml", "--output-type",
                    "yaml", "--output", target, path)).withEnv(env).withTimeout(TIMEOUT));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("values file " + path + " is sops-encrypted but sops is not installed "
                    + "on the agent ('" + sops + "' cannot be run); install sops or set " + SOPS_BIN + " to its path", e);
        }
        if (result.timedOut()) {
            throw HubDeployException.environment("sops did not decrypt " + path + " within " + TIMEOUT.toSeconds()
                    + " s (a KMS or gpg-agent that does not answer?); check the key service and retry");
        }
        if (!result.ok()) {
            // sops' error text names the key that failed, never the clear text
            throw HubDeployException.environment("sops could not decrypt " + path + ": " + ClusterErrors.errorText(result)
                    + "; give the agent the key (e.g. SOPS_AGE_KEY_FILE from a secret-file credential) and retry");
        }
        return agent.run(new DeployFiles.ReadText(target));
    }
}
