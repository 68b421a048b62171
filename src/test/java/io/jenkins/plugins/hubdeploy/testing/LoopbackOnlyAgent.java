package io.jenkins.plugins.hubdeploy.testing;

import io.jenkins.plugins.hubdeploy.image.ManifestBatchLookupTask;
import io.jenkins.plugins.hubdeploy.image.ManifestLookupTask;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LocalAgent} that never lets a registry lookup leave the machine: tests may only contact loopback, and
 * real hub repositories name gcr.io and Artifact Registry. SIMULATED: a lookup of a non-loopback registry fails the
 * way an unreachable registry does (exit 3, environment), which is what a real lookup from a machine without that
 * network gives; loopback registries are looked up for real. Every refused reference is recorded.
 */
public final class LoopbackOnlyAgent implements Agent {
    private final LocalAgent local;
    public final List<String> refused = new CopyOnWriteArrayList<>();

    public LoopbackOnlyAgent(Path workspace) {
        this.local = new LocalAgent(workspace);
    }

    @Override
    public <T extends Serializable> T run(AgentTask<T> task) throws IOException, InterruptedException, HubDeployException {
        if (task instanceof ManifestLookupTask lookup) {
            refuse(lookup);
        } else if (task instanceof ManifestBatchLookupTask batch) {
            for (ManifestLookupTask lookup : batch.lookups()) {
                refuse(lookup);
            }
        }
        return local.run(task);
    }

    private void refuse(ManifestLookupTask lookup) throws HubDeployException {
        if (!lookup.name().isLoopback()) {
            refused.add(lookup.name().withTag(lookup.tag()));
            throw HubDeployException.environment("registry " + lookup.name().registry() + " cannot be reached"
                    + " (tests contact loopback only)");
        }
    }
}
