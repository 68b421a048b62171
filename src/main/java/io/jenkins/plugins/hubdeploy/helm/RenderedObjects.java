package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.ArrayList;
import java.util.List;

/** The objects in rendered chart output ({@code helm template}): {@code Kind/name} per document, contents never kept. */
public final class RenderedObjects {
    private static final YAMLMapper YAML = new YAMLMapper();

    private RenderedObjects() {
    }

    public static List<String> of(String manifest) throws HubDeployException {
        List<String> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifest)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && doc.isObject() && doc.hasNonNull("kind")) {
                    out.add(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText());
                }
            }
        } catch (Exception e) {
            throw HubDeployException.failed("helm template printed output that is not YAML; check the chart's templates");
        }
        return out;
    }
}
