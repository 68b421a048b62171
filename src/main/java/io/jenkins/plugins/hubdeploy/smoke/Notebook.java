package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The code cells of an .ipynb file (nbformat 4), in order. {@code number} is the cell's 1-based position among all
 * cells, so "cell 3" is the third cell a user sees in the notebook.
 */
record Notebook(String path, List<Cell> cells) implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Cell(int number, String source) implements Serializable {
        String name() {
            return "cell " + number;
        }
    }

    Notebook {
        cells = List.copyOf(cells);
    }

    /** Reads {@code relative} below {@code workspace}; a missing or unreadable notebook is a usage error (exit 2). */
    static Notebook read(Path workspace, String relative) throws HubDeployException {
        Path file = workspace.resolve(relative).normalize();
        if (!file.startsWith(workspace.normalize()) || !Files.isRegularFile(file)) {
            throw HubDeployException.usage("notebook " + relative + ": no such file below " + workspace
                    + "; notebook paths are relative to the repository root");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw HubDeployException.usage("notebook " + relative + " is not valid JSON (" + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                    + "); save it again from Jupyter");
        }
        if (root == null || !root.path("cells").isArray()) {
            throw HubDeployException.usage("notebook " + relative + " has no 'cells' list; only nbformat 4"
                    + " notebooks are supported");
        }
        List<Cell> cells = new ArrayList<>();
        int number = 0;
        for (JsonNode cell : root.path("cells")) {
            number++;
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            String source = source(cell.path("source"));
            if (!source.isBlank()) {
                cells.add(new Cell(number, source));
            }
        }
        return new Notebook(relative, cells);
    }

    private static String source(JsonNode source) {
        if (source.isArray()) {
            StringBuilder text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText("");
    }
}
