package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * After a failed rollout: which pods of the namespace are not ready and why (container waiting/terminated reasons
 * such as ImagePullBackOff or CrashLoopBackOff, restarts), and the namespace's recent Warning events. Read with
 * {@code kubectl get pods|events -o json}; a failure to read them is logged and never hides the deploy's own failure.
 */
public final class PodDiagnostics {
    static final int MAX_EVENTS = 15;
    static final int MAX_PODS = 20;

    private final KubectlCli kubectl;
    private final BuildLog log;

    public PodDiagnostics(KubectlCli kubectl, BuildLog log) {
        this.kubectl = kubectl;
        this.log = log;
    }

    /** Logs the summary and returns its lines (also for the failure message's caller). */
    public List<String> report(String namespace) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(pods(kubectl.getJson(List.of("pods", "--namespace", namespace))));
            lines.addAll(events(kubectl.getJson(List.of("events", "--namespace", namespace))));
        } catch (IOException | HubDeployException e) {
            lines.add("(could not read pods/events of namespace " + namespace + ": " + e.getMessage() + ")");
        }
        lines.forEach(log::info);
        return lines;
    }

    /** The not-ready pods of a {@code kubectl get pods -o json} list, one line each (plus a heading). */
    public static List<String> pods(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode pod : list.path("items")) {
            String phase = pod.path("status").path("phase").asText("Unknown");
            List<String> problems = new ArrayList<>();
            boolean allReady = true;
            for (String field : List.of("initContainerStatuses", "containerStatuses")) {
                for (JsonNode c : pod.path("status").path(field)) {
                    boolean ready = c.path("ready").asBoolean(false);
                    JsonNode waiting = c.path("state").path("waiting");
                    JsonNode terminated = c.path("state").path("terminated");
                    JsonNode lastTerminated = c.path("lastState").path("terminated");
                    StringBuilder s = new StringBuilder(c.path("name").asText());
                    if (!waiting.isMissingNode()) {
                        s.append(" waiting: ").append(waiting.path("reason").asText("?"));
                        appendMessage(s, waiting);
                    } else if (!terminated.isMissingNode() && terminated.path("exitCode").asInt(0) != 0) {
                        s.append(" terminated: ").append(terminated.path("reason").asText("?"))
                                .append(" (exit ").append(terminated.path("exitCode").asInt()).append(')');
                    } else if (!ready && field.equals("containerStatuses")) {
                        s.append(" not ready");
                    } else {
                        continue;
                    }
                    int restarts = c.path("restartCount").asInt(0);
                    if (restarts > 0) {
                        s.append(", ").append(restarts).append(" restart(s)");
                        if (!lastTerminated.isMissingNode()) {
                            s.append(", last exit ").append(lastTerminated.path("exitCode").asInt())
                                    .append(' ').append(lastTerminated.path("reason").asText(""));
                        }
                    }
                    problems.add(s.toString().strip());
                    allReady = false;
                }
            }
            if (phase.equals("Succeeded") || (phase.equals("Running") && allReady)) {
                continue;
            }
            if (problems.isEmpty()) {
                for (JsonNode cond : pod.path("status").path("conditions")) {
                    if (cond.path("status").asText().equals("False") && cond.hasNonNull("reason")) {
                        problems.add(cond.path("type").asText() + ": " + cond.path("reason").asText()
                                + messageOf(cond));
                    }
                }
            }
            if (out.size() < MAX_PODS) {
                out.add("pod " + pod.path("metadata").path("name").asText() + " " + phase
                        + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
            }
        }
        if (!out.isEmpty()) {
            out.add(0, "pods that are not ready:");
        }
        return out;
    }

    /** The newest Warning events of a {@code kubectl get events -o json} list (plus a heading). */
    public static List<String> events(JsonNode list) {
        List<JsonNode> warnings = new ArrayList<>();
        for (JsonNode e : list.path("items")) {
            if (e.path("type").asText().equals("Warning")) {
                warnings.add(e);
            }
        }
        warnings.sort(Comparator.comparing(PodDiagnostics::time));
        List<String> out = new ArrayList<>();
        List<JsonNode> recent = warnings.subList(Math.max(0, warnings.size() - MAX_EVENTS), warnings.size());
        for (JsonNode e : recent) {
            JsonNode obj = e.path("involvedObject");
            int count = e.path("count").asInt(1);
            out.add("  " + time(e) + " " + obj.path("kind").asText() + "/" + obj.path("name").asText() + ": "
                    + e.path("reason").asText() + ": " + e.path("message").asText("").strip()
                    + (count > 1 ? " (x" + count + ")" : ""));
        }
        if (!out.isEmpty()) {
            out.add(0, "recent warning events:");
        }
        return out;
    }

    private static String time(JsonNode event) {
        for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
            if (event.hasNonNull(field) && !event.path(field).asText().isEmpty()) {
                return event.path(field).asText();
            }
        }
        return event.path("metadata").path("creationTimestamp").asText("");
    }

    private static void appendMessage(StringBuilder s, JsonNode state) {
        s.append(messageOf(state));
    }

    private static String messageOf(JsonNode node) {
        String message = node.path("message").asText("").strip();
        if (message.isEmpty()) {
            return "";
        }
        return " (" + (message.length() > 200 ? message.substring(0, 200) + "..." : message) + ")";
    }
}
