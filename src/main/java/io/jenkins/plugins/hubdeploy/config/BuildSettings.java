package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;
import java.util.List;

/**
 * How images are built.
 *
 * @param builder            auto | buildah | docker | podman | kaniko ("auto": buildah when present, else podman,
 *                           else docker)
 * @param platform           target platform such as linux/amd64, or null for the builder's default
 * @param insecureRegistries registries (host[:port]) reached over plain HTTP although not on loopback
 * @param maxContextFiles    the most files a build context may have after its .dockerignore; more is refused
 */
public record BuildSettings(String builder, String platform, List<String> insecureRegistries, int maxContextFiles)
        implements Serializable {
    /** Far above a real image context (DataHub's largest: a few thousand files), far below a runaway one. */
    public static final int DEFAULT_MAX_CONTEXT_FILES = 200_000;

    public BuildSettings(String builder, String platform, List<String> insecureRegistries) {
        this(builder, platform, insecureRegistries, DEFAULT_MAX_CONTEXT_FILES);
    }

    /** Whether {@code registry} (host[:port]) is listed as reached over plain HTTP. */
    public boolean isInsecure(String registry) {
        return insecureRegistries.contains(registry);
    }

    public static BuildSettings defaults() {
        return new BuildSettings("auto", null, List.of());
    }
}
