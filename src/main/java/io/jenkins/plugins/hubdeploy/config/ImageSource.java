package io.jenkins.plugins.hubdeploy.config;

/** How an image of a deployment comes to be. */
public enum ImageSource {
    /** Built from a Dockerfile in its context directory. */
    DOCKERFILE,
    /** Built by repo2docker from an image directory without a Dockerfile (environment.yml, requirements.txt, ...). */
    REPO2DOCKER,
    /** Built elsewhere (e.g. in its own image repository) and pinned by tag or digest: nothing to build here. */
    PREBUILT
}
