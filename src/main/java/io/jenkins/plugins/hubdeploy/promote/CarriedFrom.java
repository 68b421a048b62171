package io.jenkins.plugins.hubdeploy.promote;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where carried-over evidence comes from ({@code extra.carriedFrom}): the commit live on staging whose passed
 * evidence it repeats, that commit's tree, when and by which build it was tested, and why the deployment counts as
 * unchanged since.
 */
record CarriedFrom(String commit, String tree, String recordedAt, String buildUrl, String reason) {
    static final String KEY = "carriedFrom";

    /** The carried-from facts of {@code e}, or null for evidence of a deploy that was tested. */
    static CarriedFrom of(Evidence e) {
        if (!(e.extra().get(KEY) instanceof Map<?, ?> from)) {
            return null;
        }
        return new CarriedFrom(text(from, "commit"), text(from, "tree"), text(from, "recordedAt"),
                text(from, "buildUrl"), text(from, "reason"));
    }

    /** The {@code extra} of evidence carried over from here. */
    Map<String, Object> asExtra() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(KEY, toMap());
        return extra;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("commit", commit);
        map.put("tree", tree);
        map.put("recordedAt", recordedAt);
        map.put("buildUrl", buildUrl);
        map.put("reason", reason);
        return map;
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }
}
