package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.config.YamlNode.Entry;
import io.jenkins.plugins.hubdeploy.config.YamlNode.MapNode;
import io.jenkins.plugins.hubdeploy.config.YamlNode.ScalarKind;
import io.jenkins.plugins.hubdeploy.config.YamlNode.ScalarNode;
import io.jenkins.plugins.hubdeploy.config.YamlNode.SeqNode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, strict access to one YAML mapping: unknown keys, wrong types and missing fields become exit-2 messages with
 * the file, line and dotted field path. A key whose value is empty ({@code key:} or {@code key: null}) counts as
 * absent.
 */
final class MapReader {
    /** A string value and where it was written. */
    record Located(String value, int line, String field) {
    }

    private final ConfigSource src;
    private final MapNode node;
    private final String path;

    MapReader(ConfigSource src, MapNode node, String path) {
        this.src = src;
        this.node = node;
        this.path = path;
    }

    /** The document root: a mapping, or an empty one for an empty file. */
    static MapReader root(ConfigSource src, YamlNode root) throws HubDeployException {
        if (root == null) {
            return new MapReader(src, new MapNode(1, new LinkedHashMap<>()), "");
        }
        if (!(root instanceof MapNode map)) {
            throw src.error(root.line(), null, "expected a mapping of settings (key: value) at the top, found "
                    + root.describe(), "See docs/configuration.md for the format");
        }
        return new MapReader(src, map, "");
    }

    ConfigSource source() {
        return src;
    }

    int line() {
        return node.line();
    }

    String path() {
        return path;
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Set<String> keys() {
        return node.entries().keySet();
    }

    boolean has(String key) {
        Entry e = node.entries().get(key);
        return e != null && e.value() != null;
    }

    /** Line of the key's value, or of the key when the value is empty, or of this mapping when absent. */
    int line(String key) {
        Entry e = node.entries().get(key);
        if (e == null) {
            return node.line();
        }
        return e.value() == null ? e.keyLine() : e.value().line();
    }

    /** Rejects keys outside {@code allowed}, suggesting the nearest allowed one. */
    MapReader allowOnly(String... allowed) throws HubDeployException {
        List<String> known = Arrays.asList(allowed);
        for (Map.Entry<String, Entry> e : node.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                String suggestion = Suggestions.closest(e.getKey(), known);
                throw src.error(e.getValue().keyLine(), field(e.getKey()), "unknown key '" + e.getKey() + "'"
                                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"),
                        "Allowed here: " + String.join(", ", known));
            }
        }
        return this;
    }

    HubDeployException error(String key, String problem, String hint) {
        return src.error(line(key), field(key), problem, hint);
    }

    String optionalString(String key, String def) throws HubDeployException {
        return has(key) ? string(key, node.entries().get(key).value(), field(key)) : def;
    }

    /** The text of a scalar value of any kind (string, number, boolean), or null when absent or not a scalar. */
    String scalarOrNull(String key) {
        Entry e = node.entries().get(key);
        return e != null && e.value() instanceof ScalarNode s ? s.text() : null;
    }

    String requiredString(String key, String expected) throws HubDeployException {
        if (!has(key)) {
            throw missing(key, expected);
        }
        return string(key, node.entries().get(key).value(), field(key));
    }

    HubDeployException missing(String key, String expected) {
        String where = path.isEmpty() ? "at the top level" : "in '" + path + "'";
        return src.error(node.line(), field(key), "required field '" + key + "' is missing " + where,
                "Expected " + expected);
    }

    int optionalInt(String key, int def, int min, int max) throws HubDeployException {
        if (!has(key)) {
            return def;
        }
        YamlNode value = node.entries().get(key).value();
        if (!(value instanceof ScalarNode s) || s.kind() != ScalarKind.NUMBER || !s.text().matches("[+]?[0-9]+")) {
            throw src.error(value.line(), field(key), "expected a whole number, found " + value.describe(),
                    "Write a number between " + min + " and " + max + ", e.g. " + key + ": " + def);
        }
        long n;
        try {
            n = Long.parseLong(s.text().replace("+", ""));
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (n < min || n > max) {
            throw src.error(value.line(), field(key), key + " " + s.text() + " is out of range",
                    "Expected a whole number between " + min + " and " + max);
        }
        return (int) n;
    }

    /** {@code true} or {@code false}; a quoted "true" is refused like any string where a boolean belongs. */
    boolean optionalBoolean(String key, boolean def) throws HubDeployException {
        if (!has(key)) {
            return def;
        }
        YamlNode value = node.entries().get(key).value();
        if (!(value instanceof ScalarNode s) || s.kind() != ScalarKind.BOOLEAN) {
            throw src.error(value.line(), field(key), "expected true or false, found " + value.describe(),
                    "Write " + key + ": true or " + key + ": " + def + " (without quotes)");
        }
        return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
    }

    /** A nested mapping, or null when absent. */
    MapReader map(String key) throws HubDeployException {
        if (!has(key)) {
            return null;
        }
        YamlNode value = node.entries().get(key).value();
        if (!(value instanceof MapNode m)) {
            throw src.error(value.line(), field(key), "expected a mapping (key: value lines), found "
                    + value.describe(), null);
        }
        return new MapReader(src, m, field(key));
    }

    /** Entries of a mapping whose values are mappings (an empty value gives an empty mapping), in order. */
    Map<String, MapReader> mapOfMaps(String key) throws HubDeployException {
        MapReader outer = map(key);
        Map<String, MapReader> result = new LinkedHashMap<>();
        if (outer == null) {
            return result;
        }
        for (Map.Entry<String, Entry> e : outer.node.entries().entrySet()) {
            String f = outer.field(e.getKey());
            YamlNode value = e.getValue().value();
            if (value == null) {
                result.put(e.getKey(), new MapReader(src, new MapNode(e.getValue().keyLine(), new LinkedHashMap<>()), f));
            } else if (value instanceof MapNode m) {
                result.put(e.getKey(), new MapReader(src, m, f));
            } else {
                throw src.error(value.line(), f, "expected a mapping (key: value lines), found " + value.describe(), null);
            }
        }
        return result;
    }

    int keyLine(String key) {
        Entry e = node.entries().get(key);
        return e == null ? node.line() : e.keyLine();
    }

    /** Items of a list of mappings. */
    List<MapReader> listOfMaps(String key, String expected) throws HubDeployException {
        List<MapReader> result = new ArrayList<>();
        for (YamlNode item : list(key, expected)) {
            String f = field(key) + "[" + result.size() + "]";
            if (!(item instanceof MapNode m)) {
                throw src.error(item.line(), f, "expected a mapping, found " + item.describe(), "Expected " + expected);
            }
            result.add(new MapReader(src, m, f));
        }
        return result;
    }

    /** Items of a list of strings, with their lines; empty when absent. */
    List<Located> stringList(String key, String expected) throws HubDeployException {
        List<Located> result = new ArrayList<>();
        for (YamlNode item : list(key, expected)) {
            String f = field(key) + "[" + result.size() + "]";
            result.add(new Located(string(key, item, f), item.line(), f));
        }
        return result;
    }

    /** A mapping of string to string (build args); values that YAML reads as numbers or booleans are refused. */
    Map<String, Located> stringMap(String key) throws HubDeployException {
        MapReader m = map(key);
        Map<String, Located> result = new LinkedHashMap<>();
        if (m == null) {
            return result;
        }
        for (Map.Entry<String, Entry> e : m.node.entries().entrySet()) {
            String f = m.field(e.getKey());
            YamlNode value = e.getValue().value();
            if (value == null) {
                throw src.error(e.getValue().keyLine(), f, "has no value", "Give a string; write \"\" for an empty one");
            }
            result.put(e.getKey(), new Located(string(e.getKey(), value, f), value.line(), f));
        }
        return result;
    }

    private List<YamlNode> list(String key, String expected) throws HubDeployException {
        if (!has(key)) {
            return List.of();
        }
        YamlNode value = node.entries().get(key).value();
        if (!(value instanceof SeqNode seq)) {
            throw src.error(value.line(), field(key), "expected a list, found " + value.describe(),
                    "Expected " + expected + " (one '- item' per line, or [a, b])");
        }
        return seq.items();
    }

    private String string(String key, YamlNode value, String f) throws HubDeployException {
        if (value instanceof ScalarNode s && s.kind() == ScalarKind.STRING) {
            return s.text();
        }
        if (value instanceof ScalarNode s && (s.kind() == ScalarKind.NUMBER || s.kind() == ScalarKind.BOOLEAN)) {
            throw src.error(value.line(), f, "expected a string, found " + value.describe()
                            + " (YAML reads unquoted " + s.text() + " as a " + s.kind().name().toLowerCase() + ")",
                    "Quote it: \"" + s.text() + "\"");
        }
        if (value == null || value instanceof ScalarNode) {
            throw src.error(line(key), f, "has no value", "Expected a string");
        }
        throw src.error(value.line(), f, "expected a string, found " + value.describe(), null);
    }
}
