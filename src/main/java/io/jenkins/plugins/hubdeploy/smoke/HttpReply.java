package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;

/** One HTTP answer of the hub or a user's server: status and body text. */
record HttpReply(int status, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean ok() {
        return status >= 200 && status < 300;
    }

    JsonNode json() {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** JupyterHub's error body is {"status": 400, "message": "..."}; else the start of the body. */
    String message() {
        JsonNode message = json().path("message");
        if (message.isTextual()) {
            return message.asText();
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
