package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * The deployment repository a pin works on, as the core's two ports: the checkout at the workspace root (the
 * runner and agent as given), or a clone elsewhere on the same machine (the image repository's pipeline clones the
 * deployment repository into its scratch directory), where every command and agent task is re-rooted.
 */
record PinCheckout(ProcessRunner runner, Agent agent) {
    static PinCheckout workspace(ProcessRunner runner, Agent agent) {
        return new PinCheckout(runner, agent);
    }

    /**
     * Commands and tasks in {@code absoluteDir}: the Launcher's {@code FilePath.child} and {@code Path.resolve} both
     * take an absolute path as it is.
     */
    PinCheckout in(String absoluteDir) {
        ProcessRunner base = runner;
        Agent baseAgent = agent;
        ProcessRunner moved = spec -> base.run(spec.inDir(spec.dir().isEmpty() ? absoluteDir
                : absoluteDir + "/" + spec.dir()));
        Agent movedAgent = new Agent() {
            @Override
            public <T extends Serializable> T run(AgentTask<T> task)
                    throws IOException, InterruptedException, HubDeployException {
                return baseAgent.run(new InDir<>(absoluteDir, task));
            }
        };
        return new PinCheckout(moved, movedAgent);
    }

    /** Runs {@code task} with {@code dir} as its workspace root. */
    record InDir<T extends Serializable>(String dir, AgentTask<T> task) implements AgentTask<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public T call(Path workspace) throws IOException, InterruptedException, HubDeployException {
            return task.call(workspace.resolve(dir));
        }
    }
}
