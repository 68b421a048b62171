package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/** Runs tasks in this JVM against a local directory: the CLI's {@link Agent}, and the one core tests use. */
public final class LocalAgent implements Agent {
    private final Path workspace;

    public LocalAgent(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
    }

    public Path workspace() {
        return workspace;
    }

    @Override
    public <T extends Serializable> T run(AgentTask<T> task) throws IOException, InterruptedException, HubDeployException {
        return task.call(workspace);
    }
}
