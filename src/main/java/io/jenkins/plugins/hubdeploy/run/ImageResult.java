package io.jenkins.plugins.hubdeploy.run;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to one image: its content tag, the registry digest when known, whether it was built and pushed.
 */
public record ImageResult(String name, String tag, String digest, boolean built, boolean pushed) implements Serializable {
    /** The map a Pipeline step returns (and the JSON object the CLI prints). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("tag", tag);
        map.put("image", name + ":" + tag);
        map.put("digest", digest);
        map.put("built", built);
        map.put("pushed", pushed);
        return map;
    }
}
