package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of one git note under {@code refs/notes/hubdeploy}: {@code {"format": 1, "evidence": [...]}}, one entry
 * per (deployment, environment), so one commit of a many-hub repository carries the evidence of each hub.
 */
public record EvidenceNote(List<Evidence> evidence) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EvidenceNote {
        evidence = List.copyOf(evidence);
    }

    public static EvidenceNote empty() {
        return new EvidenceNote(List.of());
    }

    /** This note with {@code added} replacing an older entry of the same deployment and environment. */
    public EvidenceNote with(Evidence added) {
        List<Evidence> out = new ArrayList<>();
        for (Evidence e : evidence) {
            if (!e.sameSubject(added)) {
                out.add(e);
            }
        }
        out.add(added);
        return new EvidenceNote(out);
    }

    public Optional<Evidence> find(String deployment, String environment) {
        return evidence.stream().filter(e -> e.deployment().equals(deployment) && e.environment().equals(environment))
                .reduce((first, second) -> second);
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", Evidence.FORMAT);
        map.put("evidence", evidence.stream().map(Evidence::toMap).toList());
        try {
            return JSON.writeValueAsString(map) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the evidence note", e);
        }
    }

    /** Parses a note; exit 1 naming {@code where} when it is not one hubdeploy wrote. */
    public static EvidenceNote parse(String text, String where) throws HubDeployException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw HubDeployException.failed("the git note " + where + " is not hubdeploy evidence (not JSON); remove it"
                    + " with 'git notes --ref=hubdeploy remove' and record the evidence again");
        }
        if (root == null || !root.path("evidence").isArray()) {
            throw HubDeployException.failed("the git note " + where + " has no 'evidence' list; remove it with"
                    + " 'git notes --ref=hubdeploy remove' and record the evidence again");
        }
        List<Evidence> out = new ArrayList<>();
        for (JsonNode e : root.path("evidence")) {
            out.add(Evidence.fromNode(e, "the git note " + where));
        }
        return new EvidenceNote(out);
    }
}
