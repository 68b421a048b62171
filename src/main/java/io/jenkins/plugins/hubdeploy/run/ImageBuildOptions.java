package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;

import java.io.Serializable;

/**
 * Options of one {@code build} / {@code buildHubImage} run.
 *
 * @param push        push what was built (a PR build never pushes: false by default in the step)
 * @param force       rebuild even when the registry already has the tag (an existing tag is still never overwritten)
 * @param noCache     build without the builder's layer cache
 * @param builder     overrides the config's builder (auto|buildah|docker|podman|kaniko), or null
 * @param platform    overrides the config's platform, or null
 * @param credentials registry credentials passed by the step/CLI, or null to use the builder's docker config.json
 */
public record ImageBuildOptions(boolean push, boolean force, boolean noCache, String builder, String platform,
                                RegistryCredentials credentials) implements Serializable {
    public static ImageBuildOptions defaults() {
        return new ImageBuildOptions(false, false, false, null, null, null);
    }
}
