package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** Builds Jupyter messaging protocol 5.3 requests in the JSON form a notebook server's kernel websocket takes. */
final class JupyterMessages {
    static final String PROTOCOL_VERSION = "5.3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final String session = UUID.randomUUID().toString();
    private final String username;

    JupyterMessages(String username) {
        this.username = username;
    }

    String session() {
        return session;
    }

    ObjectNode executeRequest(String msgId, String code) {
        ObjectNode message = envelope(msgId, "execute_request", "shell");
        ObjectNode content = message.putObject("content");
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", false);
        content.put("stop_on_error", true);
        return message;
    }

    ObjectNode kernelInfoRequest(String msgId) {
        ObjectNode message = envelope(msgId, "kernel_info_request", "shell");
        message.putObject("content");
        return message;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Terminal colour codes out, so a traceback reads well in JUnit reports and the build log. */
    static String plain(String text) {
        return text == null ? null : ANSI.matcher(text).replaceAll("");
    }

    private ObjectNode envelope(String msgId, String type, String channel) {
        ObjectNode message = JSON.createObjectNode();
        ObjectNode header = message.putObject("header");
        header.put("msg_id", msgId);
        header.put("username", username);
        header.put("session", session);
        header.put("msg_type", type);
        header.put("version", PROTOCOL_VERSION);
        header.put("date", Instant.now().toString());
        message.putObject("parent_header");
        message.putObject("metadata");
        message.put("channel", channel);
        message.putArray("buffers");
        return message;
    }
}
