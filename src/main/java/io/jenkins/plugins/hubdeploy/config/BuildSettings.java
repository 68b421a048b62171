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
 */
public record BuildSettings(String builder, String platform, List<String> insecureRegistries) implements Serializable {
    /** Whether {@code registry} (host[:port]) is listed as reached over plain HTTP. */
    public boolean isInsecure(String registry) {
        return insecureRegistries.contains(registry);
    }

    public static BuildSettings defaults() {
        return new BuildSettings("auto", null, List.of());
    }
}
