package io.jenkins.plugins.hubdeploy.steps;

import hudson.FilePath;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Serializable;

/** {@link Agent} over a workspace {@link FilePath}: tasks run on the machine (agent) that holds the directory. */
final class FilePathAgent implements Agent {
    private final FilePath root;

    FilePathAgent(FilePath root) {
        this.root = root;
    }

    @Override
    public <T extends Serializable> T run(AgentTask<T> task) throws IOException, InterruptedException, HubDeployException {
        try {
            return root.act(new AgentCallable<>(task));
        } catch (IOException e) {
            // remoting wraps what the agent threw ("remote file operation failed: ..."): find the original
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof HubDeployException hubDeployException) {
                    throw hubDeployException;
                }
            }
            throw e;
        }
    }
}
