package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.time.Duration;

/**
 * Stops a test user's server and deletes the user, waiting (bounded) until the hub confirms each: what every run
 * does at the end, and before it starts for a user an interrupted earlier run left behind.
 */
final class UserCleaner {
    private static final long POLL_MILLIS = 100;
    private static final long RESEND_MILLIS = 3_000;

    private final HubClient hub;
    private final BuildLog log;
    private final Duration timeout;

    UserCleaner(HubClient hub, BuildLog log, Duration spawnTimeout) {
        this.hub = hub;
        this.log = log;
        // a pending spawn must end (or be cancelled) before the server can stop
        this.timeout = spawnTimeout.plusSeconds(60);
    }

    /** Stops the server of a test user an interrupted earlier run left behind, and deletes the user. */
    void removeStale(String user) throws HubDeployException, InterruptedException {
        log.warn("test user " + user + " exists already (left by an interrupted run?): stopping its server and"
                + " deleting it first");
        cleanUp(user, false, new PhaseTimer());
    }

    /**
     * Stops the user's server and, unless {@code keepUser}, deletes the user; nothing to do when it is gone. The
     * stop is asked for at once (no look first: the hub answers a user without a server with 400 and the state is
     * confirmed right after) and the time of each half goes to {@code timer} as "stop" and "delete".
     */
    void cleanUp(String user, boolean keepUser, PhaseTimer timer) throws HubDeployException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean exists = timer.time("stop", () -> stopServer(user, deadline));
        if (!exists) {
            return;
        }
        if (keepUser) {
            log.info(user + ": server stopped; the user is kept (keepUser)");
            return;
        }
        timer.time("delete", () -> {
            deleteUser(user, deadline);
            return null;
        });
        log.info(user + ": server stopped, user deleted");
    }

    private void deleteUser(String user, long deadline) throws HubDeployException, InterruptedException {
        while (true) {
            HttpReply deleted = hub.delete(userPath(user));
            if (deleted.ok() || deleted.status() == 404) {
                return;
            }
            if (deleted.status() == 401 || deleted.status() == 403 || System.nanoTime() > deadline) {
                throw HubDeployException.environment("the hub did not delete the test user " + user + " (HTTP "
                        + deleted.status() + ": " + deleted.message() + ")");
            }
            Thread.sleep(RESEND_MILLIS);
        }
    }

    /** @return false when the user does not exist (nothing to stop, nothing to delete) */
    private boolean stopServer(String user, long deadline) throws HubDeployException, InterruptedException {
        long resendAt = 0;
        while (true) {
            if (System.nanoTime() >= resendAt) {
                // 204 stopped, 202 stopping, 400 while a spawn is pending or when there is no server, 404 no user
                hub.delete(userPath(user) + "/server");
                resendAt = System.nanoTime() + RESEND_MILLIS * 1_000_000;
            }
            HttpReply state = hub.get(userPath(user));
            if (state.status() == 404) {
                return false;
            }
            if (!hasServer(state.json())) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw HubDeployException.environment("the server of the test user " + user + " did not stop within "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static boolean hasServer(JsonNode user) {
        JsonNode servers = user.path("servers");
        return servers.size() > 0 || !user.path("server").isNull() && !user.path("server").isMissingNode()
                || !user.path("pending").isNull() && !user.path("pending").isMissingNode();
    }

    private static String userPath(String user) {
        return "/hub/api/users/" + user;
    }
}
