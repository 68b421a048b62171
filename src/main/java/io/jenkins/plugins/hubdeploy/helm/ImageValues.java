package io.jenkins.plugins.hubdeploy.helm;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image to inject: {@code name} and {@code tag} go at the dotted {@code valuesPath} (e.g.
 * {@code jupyterhub.singleuser.image} -> {@code jupyterhub: {singleuser: {image: {name: ..., tag: ...}}}}).
 * A prebuilt image pinned by digest alone has no tag: its name becomes {@code name@sha256:...} and its tag ""
 * (z2jh then uses the name as it is); a {@code TAG@sha256:...} pin is the tag as written. A null
 * {@code valuesPath} is an image that is checked and recorded but set nowhere.
 */
public record ImageValues(String name, String tag, String digest, String valuesPath) implements Serializable {
    public String reference() {
        return tag == null ? name + "@" + digest : name + ":" + tag;
    }

    /** Whether the chart gets the image by digest: a digest-only pin (no tag) or a {@code TAG@sha256:...} pin. */
    public boolean pinnedByDigest() {
        return tag == null || tag.contains("@");
    }

    /**
     * What to ask the registry for: the digest the reference pins (a digest pin runs that manifest whatever its tag
     * points at now), else the tag.
     */
    public String registryReference() {
        if (tag == null) {
            return digest;
        }
        int at = tag.indexOf('@');
        return at >= 0 ? tag.substring(at + 1) : tag;
    }

    /** The values map that sets every image's name and tag (strings). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toValues(List<ImageValues> images) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (ImageValues image : images) {
            if (image.valuesPath() == null || image.valuesPath().isBlank()) {
                continue;
            }
            Map<String, Object> node = root;
            for (String key : image.valuesPath().split("\\.")) {
                node = (Map<String, Object>) node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            }
            node.put("name", image.tag() == null ? image.reference() : image.name());
            node.put("tag", image.tag() == null ? "" : image.tag());
        }
        return root;
    }
}
