package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.util.Map;

/**
 * One build's private scratch directory on the agent (digest files, and the registry login when the request carries
 * credentials: a 0600 docker {@code config.json} that no argv or log line ever shows). {@link #close()} deletes it.
 */
final class BuildScratch implements AutoCloseable {
    private final Agent agent;
    private final BuilderFiles.Paths paths;
    private final String authDir;
    private final BuildLog log;

    private BuildScratch(Agent agent, BuilderFiles.Paths paths, String authDir, BuildLog log) {
        this.agent = agent;
        this.log = log;
        this.paths = paths;
        this.authDir = authDir;
    }

    /** Creates the directory and, when {@code request} has credentials, writes their auth file into it. */
    static BuildScratch open(Agent agent, BuildRequest request, Map<String, String> env, BuildLog log)
            throws IOException, InterruptedException, HubDeployException {
        BuilderFiles.Paths paths = agent.run(new BuilderFiles.Prepare());
        if (request.credentials() == null) {
            return new BuildScratch(agent, paths, null, log);
        }
        log.addSecret(request.credentials().password());
        try {
            String dir = agent.run(new BuilderFiles.WriteAuth(paths.scratch(), request.name().registry(),
                    request.credentials(), env));
            return new BuildScratch(agent, paths, dir, log);
        } catch (IOException | InterruptedException | HubDeployException | RuntimeException e) {
            agent.run(new ScratchDir.Delete(paths.scratch()));
            throw e;
        }
    }

    BuilderFiles.Paths paths() {
        return paths;
    }

    /**
     * The environment that points the tool at the auth file: {@code variable} is set to the directory holding
     * {@code config.json} (DOCKER_CONFIG) or, with {@code toFile}, to the file itself (REGISTRY_AUTH_FILE). Empty
     * without credentials, so the tool uses its own login.
     */
    Map<String, String> authEnv(String variable, boolean toFile) {
        if (authDir == null) {
            return Map.of();
        }
        return Map.of(variable, toFile ? authDir + "/config.json" : authDir);
    }

    /** Deletes the directory, also after an interruption (the flag is kept); says so when it cannot. */
    @Override
    public void close() {
        Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(paths.scratch())));
        if (failure != null) {
            log.warn("could not delete " + paths.scratch() + " (" + failure.getMessage() + "); delete it by hand:"
                    + " it may hold a registry login");
        }
    }
}
