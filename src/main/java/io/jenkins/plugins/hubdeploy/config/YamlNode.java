package io.jenkins.plugins.hubdeploy.config;

import java.util.List;
import java.util.Map;

/** A parsed YAML node that remembers the line it starts on, so validation messages can say {@code line N}. */
sealed interface YamlNode permits YamlNode.MapNode, YamlNode.SeqNode, YamlNode.ScalarNode {

    /** 1-based line of the node's first character. */
    int line();

    /** What the user wrote, in words, for "expected X, found Y" messages. */
    String describe();

    /** One key of a mapping: where the key is and its value (null for {@code key:} with nothing after it). */
    record Entry(int keyLine, YamlNode value) {
    }

    /** A mapping in document order. */
    record MapNode(int line, Map<String, Entry> entries) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record SeqNode(int line, List<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar and how YAML resolved it: a plain {@code 3.10} is a number, {@code "3.10"} a string. */
    record ScalarNode(int line, String text, ScalarKind kind) implements YamlNode {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "the string '" + text + "'";
                case NUMBER -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "nothing (null)";
            };
        }
    }

    enum ScalarKind { STRING, NUMBER, BOOLEAN, NULL }
}
