package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;

/**
 * One image build tool (buildah, docker buildx, podman, kaniko), driven through the
 * {@link io.jenkins.plugins.hubdeploy.platform.ProcessRunner} with argument arrays.
 * A failing Dockerfile is exit 1 with the tail of the builder's output; a missing tool is exit 3 naming it.
 */
public interface ImageBuilder {
    /** buildah, docker, podman or kaniko. */
    String name();

    /** Whether several builds may run at once (kaniko rewrites its own container's filesystem: it may not). */
    boolean supportsConcurrentBuilds();

    /** Builds the image and, when the request says so, pushes it and returns the pushed digest. */
    BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException;
}
