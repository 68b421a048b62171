package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helm values as plain Java maps: parse, layer the way helm does, flatten for a diff, hash. */
public final class Values {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Values() {
    }

    /** A values file's top-level map (empty for an empty file); exit 2 naming the file when it is not a YAML map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String text, String file) throws HubDeployException {
        Object root;
        try {
            root = text.isBlank() ? null : YAML.readValue(text, Object.class);
        } catch (Exception e) {
            throw HubDeployException.usage("values file " + file + " is not valid YAML; fix it (helm would refuse it too)");
        }
        if (root == null) {
            return new LinkedHashMap<>();
        }
        if (!(root instanceof Map)) {
            throw HubDeployException.usage("values file " + file + " must be a YAML map at the top level");
        }
        return (Map<String, Object>) root;
    }

    /**
     * Layers {@code overlay} on {@code base} as helm layers {@code -f} files: maps merge key by key, anything else
     * (lists included) replaces, and a null removes the key. Returns a new map; the inputs are unchanged.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : overlay.entrySet()) {
            Object value = e.getValue();
            Object existing = out.get(e.getKey());
            if (value == null) {
                out.remove(e.getKey());
            } else if (value instanceof Map && existing instanceof Map) {
                out.put(e.getKey(), merge((Map<String, Object>) existing, (Map<String, Object>) value));
            } else {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    /** Every leaf as {@code a.b.c -> value} (lists are leaves, shown as JSON), sorted by path. */
    public static Map<String, String> flatten(Map<String, Object> values) {
        Map<String, String> out = new TreeMap<>();
        flatten("", values, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (!prefix.isEmpty()) {
            out.put(prefix, value instanceof String s ? s : json(value));
        }
    }

    /** Every string leaf (list items included): the values a secrets file must never show in a log. */
    @SuppressWarnings("unchecked")
    public static void collectStrings(Object value, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            for (Object v : ((Map<String, Object>) map).values()) {
                collectStrings(v, out);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectStrings(v, out));
        } else if (value instanceof String s) {
            out.add(s);
        }
    }

    /** SHA-256 (hex) of the values as canonical JSON (keys sorted): equal values give equal hashes whatever the file layout. */
    public static String sha256(Map<String, Object> values) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json(values).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** YAML whose every string is double-quoted, so helm can never read a tag such as {@code 0123} or {@code 1e5} as a number. */
    public static String quotedYaml(Map<String, Object> values) {
        try {
            return YAML.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write values YAML", e);
        }
    }

    static String json(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write values JSON", e);
        }
    }
}
