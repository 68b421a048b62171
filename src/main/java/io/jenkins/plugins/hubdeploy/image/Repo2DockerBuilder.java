package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSource;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds repo2docker images (image directories without a Dockerfile) with a daemonless Dockerfile builder: the real
 * repo2docker writes the build context it would give docker ({@link Repo2DockerContext}) into a private scratch
 * directory, then the wrapped builder (buildah, podman, ...) builds and pushes it with repo2docker's build args.
 * Dockerfile images go to the wrapped builder unchanged.
 */
public final class Repo2DockerBuilder implements ImageBuilder {
    private final ImageBuilder engine;
    private final Repo2DockerContext repo2docker;
    private final Agent agent;
    private final BuildLog log;

    public Repo2DockerBuilder(ImageBuilder engine, Repo2DockerContext repo2docker, Agent agent, BuildLog log) {
        this.engine = engine;
        this.repo2docker = repo2docker;
        this.agent = agent;
        this.log = log;
    }

    @Override
    public String name() {
        return "repo2docker+" + engine.name();
    }

    @Override
    public boolean supportsConcurrentBuilds() {
        return engine.supportsConcurrentBuilds();
    }

    @Override
    public BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException {
        ImageSpec image = request.image();
        if (image.source() != ImageSource.REPO2DOCKER) {
            return engine.build(request);
        }
        String scratch = agent.run(new ScratchDir.Create());
        try {
            String out = Path.of(scratch, "context").toString();
            Repo2DockerContext.Result context = repo2docker.write(image.context(), image.repo2docker(), out);
            ImageSpec generated = new ImageSpec(image.name(), context.context(), context.context() + "/Dockerfile",
                    image.valuesPath(), context.buildArgs(), null);
            log.info(request.reference() + ": building repo2docker's " + context.buildpack() + " context with "
                    + engine.name());
            return engine.build(new BuildRequest(generated, request.name(), request.tag(), request.push(),
                    request.noCache(), request.platform(), request.cacheFromTag(), request.insecure(),
                    request.credentials()));
        } finally {
            Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
            if (failure != null) {
                log.warn("could not delete repo2docker's build context " + scratch + " (" + failure.getMessage() + ")");
            }
        }
    }
}
