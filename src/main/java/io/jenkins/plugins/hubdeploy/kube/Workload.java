package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A Deployment, StatefulSet or DaemonSet of a release: the objects {@code kubectl rollout status} can wait for. */
public record Workload(String kind, String name, String namespace) {
    private static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** {@code deployment/hub}: the form kubectl takes. */
    public String ref() {
        return kind.toLowerCase(Locale.ROOT) + "/" + name;
    }

    /** The workloads in {@code helm get manifest} output (multi-document YAML), in manifest order. */
    public static List<Workload> fromManifest(String manifest, String defaultNamespace) throws IOException {
        List<Workload> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc == null || !doc.isObject()) {
                    continue;
                }
                String kind = doc.path("kind").asText("");
                if (KINDS.contains(kind)) {
                    JsonNode meta = doc.path("metadata");
                    out.add(new Workload(kind, meta.path("name").asText(), meta.path("namespace").asText(defaultNamespace)));
                }
            }
        }
        return out;
    }
}
