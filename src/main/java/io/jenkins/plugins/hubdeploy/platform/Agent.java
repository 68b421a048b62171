package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.io.Serializable;

/** Port that runs an {@link AgentTask} beside the workspace: in-process in the CLI, on the agent in Jenkins. */
public interface Agent {
    <T extends Serializable> T run(AgentTask<T> task) throws IOException, InterruptedException, HubDeployException;
}
