package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Recognises a sops-encrypted YAML/JSON file: a top-level {@code sops} map with the file's {@code mac}. */
public final class SopsFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private SopsFiles() {
    }

    public static boolean isSopsEncrypted(String text) {
        if (!text.contains("sops")) {
            return false;
        }
        try {
            JsonNode root = YAML.readTree(text);
            return root != null && root.path("sops").isObject() && root.path("sops").has("mac");
        } catch (Exception e) {
            return false;
        }
    }
}
