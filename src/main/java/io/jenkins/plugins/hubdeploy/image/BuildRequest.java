package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;

/**
 * One image to build (and, when {@code push}, push) as {@code name:tag}.
 *
 * @param platform      target platform (linux/amd64) or null for the builder's default
 * @param cacheFromTag  an earlier tag of the same image to use as layer cache where the builder supports it, or null
 * @param insecure      talk plain HTTP / skip TLS verification to this registry
 * @param credentials   for the push, or null to use the builder's own auth file (docker config.json)
 */
public record BuildRequest(ImageSpec image, ImageName name, String tag, boolean push, boolean noCache,
                           String platform, String cacheFromTag, boolean insecure, RegistryCredentials credentials) {
    public String reference() {
        return name.withTag(tag);
    }
}
