package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Work that must run where the workspace is (HTTP calls the agent can make, bulk file reads). In Jenkins it is
 * shipped to the agent inside {@code FilePath.act(MasterToSlaveFileCallable)}, so the task, everything it holds and
 * its result are serializable. {@code workspace} is the absolute workspace (repository) root on that machine.
 */
@FunctionalInterface
public interface AgentTask<T extends Serializable> extends Serializable {
    T call(Path workspace) throws IOException, InterruptedException, HubDeployException;
}
