package io.jenkins.plugins.hubdeploy.helm;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image to inject: {@code name} and {@code tag} go at the dotted {@code valuesPath} (e.g.
 * {@code jupyterhub.singleuser.image} -> {@code jupyterhub: {singleuser: {image: {name: ..., tag: ...}}}}).
 */
public record ImageValues(String name, String tag, String digest, String valuesPath) implements Serializable {
    public String reference() {
        return name + ":" + tag;
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
            node.put("name", image.name());
            node.put("tag", image.tag());
        }
        return root;
    }
}
