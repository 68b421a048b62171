package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts a test user's server and waits until it is ready: the spawn request runs asynchronously (the hub may hold
 * it for its slow_spawn_timeout) while the progress event stream ({@code /hub/api/users/U/server/progress}) is
 * followed and each message reported as it arrives. Where the stream is unavailable the user's server state is
 * polled instead. Bounded by the spawn timeout.
 */
final class ServerSpawner {
    private static final long POLL_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END_OF_STREAM = new String("end of stream"); // compared by identity

    private final HubClient hub;

    ServerSpawner(HubClient hub) {
        this.hub = hub;
    }

    /**
     * @param progress receives every progress message (already prefixed with nothing: the caller adds the user)
     * @return milliseconds from the spawn request until the server was ready
     * @throws SpawnFailedException the spawner failed, the hub refused, or the server was not ready in time
     */
    long spawn(String user, String userOptionsJson, Duration timeout, Consumer<String> progress)
            throws HubDeployException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String serverPath = "/hub/api/users/" + user + "/server";
        CompletableFuture<HttpResponse<String>> post = hub.postAsync(serverPath,
                userOptionsJson == null ? "{}" : userOptionsJson, timeout.plusSeconds(5));
        LastMessage last = new LastMessage(progress);
        last.accept("spawn requested");
        boolean streamUsable = true;
        try {
            while (true) {
                if (post.isDone()) {
                    HttpResponse<String> response = result(post, serverPath);
                    HttpReply reply = new HttpReply(response.statusCode(), response.body());
                    if (reply.status() == 201) {
                        return millisSince(start);
                    }
                    if (reply.status() != 202) {
                        throw new SpawnFailedException(user + ": the hub did not start the server (HTTP "
                                + reply.status() + ": " + reply.message() + "); last progress message: "
                                + last.text + ". See the hub's log for the spawner's error.");
                    }
                }
                JsonNode server = hub.json("/hub/api/users/" + user).path("servers").path("");
                if (server.path("ready").asBoolean(false)) {
                    return millisSince(start);
                }
                if (server.isMissingNode() && post.isDone()) {
                    throw new SpawnFailedException(user + ": the server stopped before it was ready; last progress"
                            + " message: " + last.text);
                }
                if (streamUsable && "spawn".equals(server.path("pending").asText(null))) {
                    StreamEnd end = follow(serverPath + "/progress", deadline, post, last);
                    if (end == StreamEnd.READY) {
                        return millisSince(start);
                    }
                    if (end == StreamEnd.FAILED) {
                        throw new SpawnFailedException(user + ": spawn failed: " + last.text);
                    }
                    if (end == StreamEnd.UNAVAILABLE) {
                        streamUsable = false;
                        last.accept("progress stream unavailable; polling the server state");
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SpawnFailedException(user + ": the server was not ready within " + timeout.toSeconds()
                            + " s; last progress message: " + last.text + ". If nodes are scaling up, raise the"
                            + " spawn timeout or the attempts.");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            if (!post.isDone()) {
                post.cancel(true);
            }
        }
    }

    private HttpResponse<String> result(CompletableFuture<HttpResponse<String>> post, String path)
            throws HubDeployException, InterruptedException {
        try {
            return post.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw hub.unreachable("POST", path, cause instanceof IOException io ? io : new IOException(cause));
        }
    }

    private enum StreamEnd { READY, FAILED, ENDED, UNAVAILABLE }

    /** Reads progress events until ready, failed, the end of the stream, the deadline or a refused spawn. */
    private StreamEnd follow(String path, long deadline, CompletableFuture<HttpResponse<String>> post,
                             LastMessage last) throws HubDeployException, InterruptedException {
        HttpResponse<InputStream> response = hub.stream(path);
        InputStream body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 400) {
            close(body);
            return StreamEnd.ENDED; // no spawn pending (any more): the caller looks at the server state
        }
        if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
            close(body);
            return StreamEnd.UNAVAILABLE;
        }
        post.whenComplete((r, e) -> {
            if (e != null || r.statusCode() >= 300) {
                close(body); // the hub gave up on the spawn: do not wait for the stream to say so
            }
        });
        // The JDK's response stream swallows an interrupt of a blocked read (the flag is cleared, the read ends as if
        // the stream closed), so an aborted build would go on. A reader thread reads; this thread waits on a queue.
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(body, lines), "spawn progress " + path);
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.MILLISECONDS);
                if (line == null || line == END_OF_STREAM) {
                    return StreamEnd.ENDED; // the deadline, a refused spawn or the hub closed it: the caller decides
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode event = parse(line.substring(5).strip());
                if (event == null) {
                    continue;
                }
                String message = event.path("message").asText("");
                if (!message.isEmpty()) {
                    last.accept(message);
                }
                if (event.path("failed").asBoolean(false)) {
                    return StreamEnd.FAILED;
                }
                if (event.path("ready").asBoolean(false)) {
                    return StreamEnd.READY;
                }
            }
        } finally {
            close(body); // ends the reader thread
        }
    }

    private static void readLines(InputStream body, LinkedBlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException closed) {
            // closed by the follower (done, deadline, interrupt) or by the hub
        } finally {
            lines.add(END_OF_STREAM);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException malformed) {
            return null; // not an event this follower understands
        }
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Passes each new message on and keeps the last one for the failure message. */
    private static final class LastMessage implements Consumer<String> {
        private final Consumer<String> target;
        private String text = "none";

        LastMessage(Consumer<String> target) {
            this.target = target;
        }

        @Override
        public void accept(String message) {
            text = message;
            target.accept(message);
        }
    }
}
