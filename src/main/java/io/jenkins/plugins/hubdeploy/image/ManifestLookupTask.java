package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Asks the registry for {@code name:tag} where the agent is (in Jenkins, HTTP runs on the agent, which sees the
 * network a {@code sh 'curl ...'} would). Credentials: {@code credentials} when given, else the builder's auth file
 * found through {@code env} (the builder's environment; see {@link DockerConfig}).
 *
 * @param insecure plain HTTP to a registry that is not on loopback (loopback always is)
 * @param timeout  connect and request timeout of each HTTP call (retries are bounded on top)
 */
public record ManifestLookupTask(ImageName name, String tag, boolean insecure, RegistryCredentials credentials,
                                 Map<String, String> env, Duration timeout) implements AgentTask<ManifestStatus> {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ManifestLookupTask {
        env = Map.copyOf(env);
    }

    public ManifestLookupTask(ImageName name, String tag, boolean insecure, RegistryCredentials credentials,
                              Map<String, String> env) {
        this(name, tag, insecure, credentials, env, DEFAULT_TIMEOUT);
    }

    @Override
    public ManifestStatus call(Path workspace) throws IOException, InterruptedException, HubDeployException {
        try (RegistryClient client = RegistryClient.forRegistry(name.registry(), credentials, insecure, timeout, env)) {
            return new ManifestStatus(name.withTag(tag), client.manifestDigest(name, tag).orElse(null));
        }
    }
}
