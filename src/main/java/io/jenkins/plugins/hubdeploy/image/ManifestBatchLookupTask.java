package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.Parallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several {@link ManifestLookupTask}s in one trip to the agent: one HTTP client per registry (connections and
 * credentials reused), the HEAD requests in parallel. Statuses come back in the order of {@code lookups}.
 */
public record ManifestBatchLookupTask(List<ManifestLookupTask> lookups) implements AgentTask<ArrayList<ManifestStatus>> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_PARALLEL = 8;

    public ManifestBatchLookupTask {
        lookups = List.copyOf(lookups);
    }

    @Override
    public ArrayList<ManifestStatus> call(Path workspace) throws IOException, InterruptedException, HubDeployException {
        Map<ClientKey, RegistryClient> clients = new HashMap<>();
        try {
            for (ManifestLookupTask lookup : lookups) {
                ClientKey key = ClientKey.of(lookup);
                if (!clients.containsKey(key)) {
                    clients.put(key, RegistryClient.forRegistry(lookup.name().registry(), lookup.credentials(),
                            lookup.insecure(), lookup.timeout(), lookup.env()));
                }
            }
            return new ArrayList<>(Parallel.map(lookups, MAX_PARALLEL, lookup -> new ManifestStatus(
                    lookup.name().withTag(lookup.tag()),
                    clients.get(ClientKey.of(lookup)).manifestDigest(lookup.name(), lookup.tag()).orElse(null))));
        } finally {
            clients.values().forEach(RegistryClient::close);
        }
    }

    /** Lookups that may share one client: same registry, transport, credentials and environment. */
    private record ClientKey(String registry, boolean insecure, RegistryCredentials credentials, Map<String, String> env) {
        static ClientKey of(ManifestLookupTask lookup) {
            return new ClientKey(lookup.name().registry(), lookup.insecure(), lookup.credentials(), lookup.env());
        }
    }
}
