package io.jenkins.plugins.hubdeploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@code helm history -o json}: one entry per stored revision ({@code revision}, {@code status}, {@code chart}, ...). */
public record ReleaseHistory(List<Entry> entries) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Entry(int revision, String status, String chart, String updated, String description) {
    }

    public static ReleaseHistory parse(String json) throws HubDeployException {
        List<Entry> entries = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(json.substring(Math.max(0, json.indexOf('['))));
            if (root != null && root.isArray()) {
                for (JsonNode e : root) {
                    entries.add(new Entry(e.path("revision").asInt(), e.path("status").asText(""),
                            e.path("chart").asText(""), e.path("updated").asText(""), e.path("description").asText("")));
                }
            }
        } catch (Exception e) {
            throw HubDeployException.failed("helm history: the JSON output could not be read ("
                    + e.getClass().getSimpleName() + "); check that the agent's helm is Helm 3 or 4");
        }
        entries.sort(Comparator.comparingInt(Entry::revision));
        return new ReleaseHistory(List.copyOf(entries));
    }

    /** The newest revision that was deployed (status deployed; else the newest superseded one). */
    public Optional<Entry> lastDeployed() {
        Optional<Entry> deployed = entries.stream().filter(e -> e.status().equals("deployed"))
                .max(Comparator.comparingInt(Entry::revision));
        return deployed.isPresent() ? deployed : entries.stream().filter(e -> e.status().equals("superseded"))
                .max(Comparator.comparingInt(Entry::revision));
    }
}
