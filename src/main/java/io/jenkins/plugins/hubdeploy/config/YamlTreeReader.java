package io.jenkins.plugins.hubdeploy.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.jenkins.plugins.hubdeploy.config.YamlNode.Entry;
import io.jenkins.plugins.hubdeploy.config.YamlNode.MapNode;
import io.jenkins.plugins.hubdeploy.config.YamlNode.ScalarKind;
import io.jenkins.plugins.hubdeploy.config.YamlNode.ScalarNode;
import io.jenkins.plugins.hubdeploy.config.YamlNode.SeqNode;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s with line numbers, using Jackson's streaming parser. Syntax errors,
 * duplicate keys, aliases and extra documents become exit-2 messages naming the file and line.
 */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    /** Nesting deeper than this is not a configuration file (and would exhaust the stack). */
    private static final int MAX_DEPTH = 64;

    private final ConfigSource source;
    private final YAMLParser parser;

    private YamlTreeReader(ConfigSource source, YAMLParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /** The document's root node, or null for an empty file. */
    static YamlNode read(ConfigSource source, Path file) throws HubDeployException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             YAMLParser parser = FACTORY.createParser(reader)) {
            YamlTreeReader tree = new YamlTreeReader(source, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = tree.node(first, "", 0);
            if (parser.nextToken() != null) {
                throw source.error(line(parser.currentTokenLocation()), null,
                        "the file holds more than one YAML document",
                        "Keep a single document: remove the '---' separator and what follows it");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw source.error(problemLine(e), null, "YAML syntax error: " + reason(e),
                    "Fix the YAML (indentation with spaces, not tabs; quote values containing ': ' or starting with special characters)");
        } catch (CharacterCodingException e) {
            throw source.error(0, null, "the file is not UTF-8 text", "Save it as UTF-8");
        } catch (IOException e) {
            throw source.error(0, null, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "Check that the file exists and is readable");
        }
    }

    private YamlNode node(JsonToken token, String field, int depth) throws IOException, HubDeployException {
        checkInterrupt();
        int line = line(parser.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw source.error(line, field, "nesting is deeper than " + MAX_DEPTH + " levels", null);
        }
        if (parser.isCurrentAlias()) {
            throw source.error(line, field, "YAML aliases (*" + parser.getText() + ") are not supported",
                    "Write the value out instead of referring to an anchor");
        }
        return switch (token) {
            case START_OBJECT -> mapping(line, field, depth);
            case START_ARRAY -> sequence(line, field, depth);
            case VALUE_STRING -> new ScalarNode(line, parser.getText(), ScalarKind.STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new ScalarNode(line, parser.getText(), ScalarKind.NUMBER);
            case VALUE_TRUE, VALUE_FALSE -> new ScalarNode(line, parser.getText(), ScalarKind.BOOLEAN);
            case VALUE_NULL -> new ScalarNode(line, parser.getText(), ScalarKind.NULL);
            default -> throw source.error(line, field, "unexpected YAML content (" + token + ")", null);
        };
    }

    private MapNode mapping(int line, String field, int depth) throws IOException, HubDeployException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (token != JsonToken.FIELD_NAME) {
                throw source.error(line(parser.currentTokenLocation()), field, "unexpected YAML content (" + token + ")",
                        null);
            }
            String key = parser.currentName();
            int keyLine = line(parser.currentTokenLocation());
            String child = field.isEmpty() ? key : field + "." + key;
            Entry previous = entries.get(key);
            if (previous != null) {
                throw source.error(keyLine, child, "duplicate key '" + key + "' (first defined on line "
                        + previous.keyLine() + ")", "Keep one of them; YAML would silently use only the last");
            }
            YamlNode value = node(parser.nextToken(), child, depth + 1);
            if (value instanceof ScalarNode scalar && scalar.kind() == ScalarKind.NULL) {
                value = null;
            }
            entries.put(key, new Entry(keyLine, value));
        }
        return new MapNode(line, entries);
    }

    private SeqNode sequence(int line, String field, int depth) throws IOException, HubDeployException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(node(token, field + "[" + items.size() + "]", depth + 1));
        }
        return new SeqNode(line, items);
    }

    /**
     * A large file must not keep an aborted build reading: the read stops with exit 3 and the thread stays
     * interrupted, so the caller's next interruptible call ends the work (the loader's callers take no
     * InterruptedException).
     */
    private void checkInterrupt() throws HubDeployException {
        if (Thread.currentThread().isInterrupted()) {
            throw new HubDeployException(ExitCode.ENVIRONMENT, source.file() + ": reading interrupted");
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /** snakeyaml's problem mark (where the error is), else Jackson's location (where the parser stopped). */
    private static int problemLine(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                && marked.getProblemMark() != null) {
            return marked.getProblemMark().getLine() + 1;
        }
        return line(e.getLocation());
    }

    /** The parser's own words without Jackson's source excerpt and location suffix. */
    private static String reason(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            return "unreadable YAML";
        }
        StringBuilder out = new StringBuilder();
        for (String part : msg.split("\\R")) {
            String p = part.strip();
            if (p.isEmpty() || p.startsWith("in 'reader'") || p.startsWith("in '") || p.matches("\\^+")
                    || p.startsWith("at [Source")) {
                continue;
            }
            if (part.startsWith("    ")) {
                continue; // the quoted source line snakeyaml shows under the message
            }
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(p);
        }
        return out.isEmpty() ? msg.strip() : out.toString();
    }
}
