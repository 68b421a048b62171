package io.jenkins.plugins.hubdeploy.image;

import java.io.Serializable;
import java.util.Optional;

/** Whether a registry has {@code reference}, and its manifest digest when it does (digest null otherwise). */
public record ManifestStatus(String reference, String digest) implements Serializable {
    public boolean exists() {
        return digest != null;
    }

    public Optional<String> optionalDigest() {
        return Optional.ofNullable(digest);
    }
}
