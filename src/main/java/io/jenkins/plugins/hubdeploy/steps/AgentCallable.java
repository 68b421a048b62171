package io.jenkins.plugins.hubdeploy.steps;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;

/**
 * Carries an {@link AgentTask} to the agent inside {@code FilePath.act} and runs it against the directory there.
 * {@code FileCallable.invoke} may only throw IOException/InterruptedException, so a {@link HubDeployException}
 * travels as the cause of an IOException; {@link FilePathAgent} unwraps it on the controller.
 */
final class AgentCallable<T extends Serializable> extends MasterToSlaveFileCallable<T> {
    private static final long serialVersionUID = 1L;

    private final AgentTask<T> task;

    AgentCallable(AgentTask<T> task) {
        this.task = task;
    }

    @Override
    public T invoke(File dir, VirtualChannel channel) throws IOException, InterruptedException {
        try {
            return task.call(dir.toPath());
        } catch (HubDeployException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
