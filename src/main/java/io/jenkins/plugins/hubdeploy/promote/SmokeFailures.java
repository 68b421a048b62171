package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, where the workspace is, the failed checks of a smoke run's JSON report ({@code hubdeploy-smoke.json}) with
 * the SHA-256 of its bytes, so a caller can tell whether it is the very report some evidence binds. A missing or
 * unreadable report gives null: the evidence's counts still say what failed.
 */
record SmokeFailures(String reportPath) implements AgentTask<SmokeFailures.Report> {
    private static final long serialVersionUID = 1L;
    static final int MAX_CHECKS = 20;
    private static final int MAX_MESSAGE = 200;

    /** {@code failed}: one line per failed check, {@code group / name: message}, at most {@link #MAX_CHECKS}. */
    record Report(String sha256, List<String> failed, int failedTotal) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Report call(Path workspace) throws IOException {
        Path file = workspace.resolve(reportPath).normalize();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        List<String> failed = new ArrayList<>();
        int total = 0;
        for (JsonNode check : root.path("checks")) {
            if (!"failed".equals(check.path("status").asText())) {
                continue;
            }
            total++;
            if (failed.size() < MAX_CHECKS) {
                String message = check.path("message").asText("").strip().replaceAll("\\s+", " ");
                if (message.length() > MAX_MESSAGE) {
                    message = message.substring(0, MAX_MESSAGE - 3) + "...";
                }
                failed.add(check.path("group").asText("?") + " / " + check.path("name").asText("?")
                        + (message.isEmpty() ? "" : ": " + message));
            }
        }
        return new Report(EvidenceInputs.sha256(bytes), failed, total);
    }
}
