package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A kernel on a test user's server, reached through the hub's proxy: started over REST, driven over its websocket
 * ({@code /user/U/api/kernels/ID/channels}) with the JDK's {@link WebSocket} and the Jupyter messaging protocol.
 * {@link #execute} sends an {@code execute_request} and collects the iopub messages of that request until both the
 * {@code execute_reply} and the {@code idle} status arrived; an iopub {@code error} or a reply with status error
 * fails it, a {@code dead}/{@code restarting} status or a closed socket means the kernel died, and a timeout
 * interrupts the kernel. Closing shuts the kernel down.
 */
final class KernelSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);
    private static final Duration KERNEL_INFO_RESEND = Duration.ofSeconds(2);
    private static final JsonNode CLOSED = JSON.createObjectNode().put("closed", true);

    private final HubClient hub;
    private final String user;
    private final String kernelId;
    private final String kernelName;
    private final JupyterMessages messages;
    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private WebSocket socket;
    private volatile boolean dead;

    private KernelSession(HubClient hub, String user, String kernelId, String kernelName) {
        this.hub = hub;
        this.user = user;
        this.kernelId = kernelId;
        this.kernelName = kernelName;
        this.messages = new JupyterMessages(user);
    }

    /**
     * Starts a kernel ({@code kernel} null: the server's default kernelspec), connects and waits until it answers
     * a kernel_info_request. On failure the kernel is shut down again.
     */
    static KernelSession start(HubClient hub, String user, String kernel, Duration timeout)
            throws HubDeployException, InterruptedException {
        String base = "/user/" + user + "/api/kernels";
        String body = kernel == null ? "{}" : JSON.createObjectNode().put("name", kernel).toString();
        HttpReply reply = hub.post(base, body);
        if (!reply.ok()) {
            String known = "";
            if (kernel != null) {
                known = "; the server's kernelspecs: " + hub.get("/user/" + user + "/api/kernelspecs").json()
                        .path("kernelspecs").properties().stream().map(java.util.Map.Entry::getKey).toList();
            }
            throw HubDeployException.failed("starting a kernel" + (kernel == null ? "" : " '" + kernel + "'")
                    + " on " + user + "'s server failed (HTTP " + reply.status() + ": " + reply.message() + ")"
                    + known);
        }
        JsonNode started = reply.json();
        KernelSession session = new KernelSession(hub, user, started.path("id").asText(),
                started.path("name").asText(kernel));
        try {
            session.connect(timeout);
            session.awaitKernelInfo(timeout);
            return session;
        } catch (HubDeployException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    String kernelName() {
        return kernelName;
    }

    boolean dead() {
        return dead;
    }

    private void connect(Duration timeout) throws HubDeployException, InterruptedException {
        URI uri = hub.websocket("/user/" + user + "/api/kernels/" + kernelId + "/channels?session_id="
                + messages.session());
        try {
            socket = hub.http().newWebSocketBuilder().header("Authorization", "token " + hub.token())
                    .connectTimeout(HubClient.REQUEST_TIMEOUT).buildAsync(uri, new Listener())
                    .get(Math.min(timeout.toMillis(), HubClient.REQUEST_TIMEOUT.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw HubDeployException.failed("cannot open the kernel websocket on " + user + "'s server ("
                    + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": "
                    + cause.getMessage().replace(hub.token(), "****")) + "); the proxy must pass websockets through");
        }
    }

    private void awaitKernelInfo(Duration timeout) throws HubDeployException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // requests sent before the kernel's channels are connected can be lost: ask again until it answers
        while (System.nanoTime() < deadline) {
            String msgId = JupyterMessages.newId();
            send(messages.kernelInfoRequest(msgId));
            long resendAt = System.nanoTime() + KERNEL_INFO_RESEND.toNanos();
            while (System.nanoTime() < Math.min(resendAt, deadline)) {
                JsonNode message = inbox.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                        Math.min(resendAt, deadline) - System.nanoTime())), TimeUnit.MILLISECONDS);
                if (message == CLOSED) {
                    throw HubDeployException.failed("the kernel websocket on " + user + "'s server closed before"
                            + " the kernel answered");
                }
                if (message != null && "kernel_info_reply".equals(type(message)) && msgId.equals(parent(message))) {
                    return;
                }
            }
        }
        throw HubDeployException.failed("the kernel on " + user + "'s server did not answer within "
                + timeout.toSeconds() + " s");
    }

    /** Runs {@code code}; at the timeout the kernel is interrupted and the outcome is TIMEOUT. */
    ExecutionOutcome execute(String code, Duration timeout) throws HubDeployException, InterruptedException {
        if (dead) {
            return new ExecutionOutcome(ExecutionOutcome.Kind.DEAD, "", "the kernel died earlier", null);
        }
        String msgId = JupyterMessages.newId();
        send(messages.executeRequest(msgId, code));
        Collector collector = new Collector(msgId);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (collector.collectUntil(deadline)) {
            return collector.outcome();
        }
        if (dead) {
            return collector.outcome();
        }
        interrupt();
        boolean recovered = collector.collectUntil(System.nanoTime() + INTERRUPT_GRACE.toNanos());
        if (!recovered) {
            dead = true; // unresponsive even to an interrupt: nothing more can run in it
        }
        return new ExecutionOutcome(ExecutionOutcome.Kind.TIMEOUT, collector.output.toString(),
                "did not finish within " + timeout.toSeconds() + " s (the kernel was interrupted"
                        + (recovered ? ")" : " and did not recover)"), JupyterMessages.plain(collector.traceback));
    }

    private void interrupt() throws InterruptedException {
        try {
            hub.post("/user/" + user + "/api/kernels/" + kernelId + "/interrupt", "{}");
        } catch (HubDeployException ignored) {
            // the timeout is reported either way
        }
    }

    private void send(ObjectNode message) throws HubDeployException, InterruptedException {
        try {
            socket.sendText(message.toString(), true).get(HubClient.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            dead = true;
            throw HubDeployException.failed("cannot send to the kernel on " + user + "'s server: the websocket is "
                    + "closed or stuck");
        }
    }

    /** Closes the websocket and shuts the kernel down (best effort, also after an interrupt of this thread). */
    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        // a failure is not reported: stopping the server next ends the kernel too
        Uninterruptibly.run(() -> hub.delete("/user/" + user + "/api/kernels/" + kernelId));
    }

    private static String type(JsonNode message) {
        String type = message.path("msg_type").asText(null);
        return type != null ? type : message.path("header").path("msg_type").asText("");
    }

    private static String parent(JsonNode message) {
        return message.path("parent_header").path("msg_id").asText("");
    }

    /** Gathers the messages of one execute_request. */
    private final class Collector {
        private final String msgId;
        private final StringBuilder output = new StringBuilder();
        private boolean replied;
        private boolean idle;
        private String replyStatus;
        private String error;
        private String traceback;

        Collector(String msgId) {
            this.msgId = msgId;
        }

        /** @return true when the request finished (reply and idle) or the kernel died; false at the deadline */
        boolean collectUntil(long deadline) throws InterruptedException {
            while (!(replied && idle)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                JsonNode message = inbox.poll(left, TimeUnit.MILLISECONDS);
                if (message == null) {
                    return false;
                }
                if (message == CLOSED) {
                    dead = true;
                    return true;
                }
                String state = message.path("content").path("execution_state").asText("");
                if ("status".equals(type(message)) && ("dead".equals(state) || "restarting".equals(state))) {
                    dead = true;
                    return true;
                }
                if (msgId.equals(parent(message))) {
                    take(type(message), message.path("content"), state);
                }
            }
            return true;
        }

        private void take(String type, JsonNode content, String state) {
            switch (type) {
                case "stream" -> output.append(content.path("text").asText(""));
                case "execute_result", "display_data" -> {
                    JsonNode text = content.path("data").path("text/plain");
                    if (text.isTextual()) {
                        output.append(text.asText()).append('\n');
                    }
                }
                case "error" -> noteError(content);
                case "execute_reply" -> {
                    replied = true;
                    replyStatus = content.path("status").asText("");
                    if ("error".equals(replyStatus) && error == null) {
                        noteError(content);
                    }
                }
                case "status" -> idle = idle || "idle".equals(state);
                default -> {
                    // execute_input, clear_output, comm messages: nothing to check
                }
            }
        }

        private void noteError(JsonNode content) {
            error = content.path("ename").asText("Error") + ": " + content.path("evalue").asText("");
            List<String> lines = new ArrayList<>();
            content.path("traceback").forEach(line -> lines.add(line.asText()));
            traceback = String.join("\n", lines);
        }

        ExecutionOutcome outcome() {
            String out = output.toString();
            if (dead && !(replied && idle)) {
                return new ExecutionOutcome(ExecutionOutcome.Kind.DEAD, out, "the kernel died while running this"
                        + " code (it may have run out of memory or called exit)", JupyterMessages.plain(traceback));
            }
            if (error != null || "error".equals(replyStatus) || "aborted".equals(replyStatus)) {
                return new ExecutionOutcome(ExecutionOutcome.Kind.ERROR, out,
                        error != null ? JupyterMessages.plain(error) : "execute_reply status " + replyStatus,
                        JupyterMessages.plain(traceback));
            }
            return new ExecutionOutcome(ExecutionOutcome.Kind.OK, out, null, null);
        }
    }

    /** Puts each complete text message on the inbox; a close or an error puts {@link #CLOSED}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    inbox.add(JSON.readTree(text));
                } catch (IOException malformed) {
                    // not a JSON message: ignore it
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbox.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbox.add(CLOSED);
        }
    }
}
