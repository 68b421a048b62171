package io.jenkins.plugins.hubdeploy.run;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to one image: its content tag (a prebuilt image's pin), the registry digest when known, whether it
 * was built and pushed, and whether it is prebuilt (pinned; built elsewhere, never here).
 */
public record ImageResult(String name, String tag, String digest, boolean built, boolean pushed, boolean prebuilt)
        implements Serializable {
    public ImageResult(String name, String tag, String digest, boolean built, boolean pushed) {
        this(name, tag, digest, built, pushed, false);
    }

    /** {@code name:tag}, or {@code name@sha256:...} for an image pinned by digest alone. */
    public String image() {
        return tag.startsWith("sha256:") ? name + "@" + tag : name + ":" + tag;
    }

    /** The map a Pipeline step returns (and the JSON object the CLI prints). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("tag", tag);
        map.put("image", image());
        map.put("digest", digest);
        map.put("built", built);
        map.put("pushed", pushed);
        map.put("prebuilt", prebuilt);
        return map;
    }
}
