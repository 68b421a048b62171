package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.regex.Pattern;

/**
 * An image name as hubploy.yaml writes it: a repository ({@code REPO}), or a prebuilt image pinned by tag
 * ({@code REPO:TAG}), digest ({@code REPO@sha256:HEX}) or both ({@code REPO:TAG@sha256:HEX}).
 *
 * @param repository the repository, validated by {@link ImageName#parse}
 * @param pin        {@code TAG}, {@code sha256:HEX} or {@code TAG@sha256:HEX}; null when nothing is pinned
 */
record PinnedName(String repository, String pin) {
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    static PinnedName read(MapReader m, String key) throws HubDeployException {
        String raw = m.requiredString(key, "the image repository, e.g. gcr.io/project/user-image, or a pinned"
                + " prebuilt image REPO:TAG").strip();
        String rest = raw;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw m.error(key, "'" + raw + "' pins the digest '" + digest + "', which is not sha256:<64 hex digits>",
                        "Write REPO@sha256:<digest> (lowercase hex), REPO:TAG, or the repository alone");
            }
        }
        String tag = null;
        int colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw m.error(key, "'" + raw + "' pins the tag '" + tag + "', which is not a valid image tag",
                        "A tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
            }
        }
        try {
            ImageName.parse(rest);
        } catch (IllegalArgumentException e) {
            throw m.error(key, "invalid image name: " + e.getMessage(),
                    "Expected [host[:port]/]path in lowercase, optionally pinned as :TAG or @sha256:DIGEST");
        }
        String pin = tag == null ? digest : digest == null ? tag : tag + "@" + digest;
        return new PinnedName(rest, pin);
    }
}
