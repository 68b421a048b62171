package io.jenkins.plugins.hubdeploy.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks before anything is created: hub version (2.0 or newer), health, and the token's identity and scopes. */
final class HubPreflight {
    /** What the smoke run does with the token: create/delete users, start/stop servers, use them through the proxy. */
    static final List<String> REQUIRED_SCOPES = List.of("admin:users", "admin:servers", "access:servers");

    private final HubClient hub;

    HubPreflight(HubClient hub) {
        this.hub = hub;
    }

    /** @return the hub's version */
    String version() throws HubDeployException, InterruptedException {
        JsonNode info = hub.json("/hub/api/");
        String version = info.path("version").asText("");
        int major = major(version);
        if (major < 2) {
            throw HubDeployException.environment("the hub at " + hub.hubUrl() + " is JupyterHub "
                    + (version.isEmpty() ? "(version unknown)" : version) + "; the smoke tests need JupyterHub 2.0 or"
                    + " newer (scopes, the progress API); upgrade the hub's chart");
        }
        return version;
    }

    void health() throws HubDeployException, InterruptedException {
        HttpReply reply = hub.get("/hub/health");
        if (reply.status() == 502 || reply.status() == 503 || reply.status() == 504) {
            throw new HubUnreachableException("the hub at " + hub.hubUrl() + " is not healthy (GET /hub/health "
                    + "answered " + reply.status() + "); wait for the deployment to finish or check the hub pod");
        }
        if (!reply.ok()) {
            throw HubDeployException.environment("the hub at " + hub.hubUrl() + " is not healthy (GET /hub/health "
                    + "answered " + reply.status() + "); check the hub pod's log");
        }
    }

    /** @return who the token belongs to, e.g. "service ci" */
    String token() throws HubDeployException, InterruptedException {
        HttpReply reply = hub.get("/hub/api/user");
        if (reply.status() == 401 || reply.status() == 403) {
            throw HubDeployException.environment("the hub at " + hub.hubUrl() + " rejected the API token (HTTP "
                    + reply.status() + "); check the credential (step: credentialsId; CLI: --token-env) and that the"
                    + " token is still listed in the hub's services / api_tokens");
        }
        if (!reply.ok()) {
            throw HubDeployException.environment("GET " + hub.hubUrl() + "/hub/api/user answered " + reply.status()
                    + ": " + reply.message());
        }
        JsonNode identity = reply.json();
        Set<String> scopes = new HashSet<>();
        identity.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        List<String> missing = new ArrayList<>();
        for (String required : REQUIRED_SCOPES) {
            if (!scopes.contains(required)) {
                missing.add(required);
            }
        }
        String who = identity.path("kind").asText("token") + " " + identity.path("name").asText("?");
        if (!missing.isEmpty()) {
            throw HubDeployException.environment("the token (" + who + ") lacks the scopes " + missing + " on "
                    + hub.hubUrl() + "; a hub admin grants them with a role in c.JupyterHub.load_roles (see "
                    + "docs/smoke.md: " + REQUIRED_SCOPES + ")");
        }
        return who;
    }

    static int major(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(version.substring(0, end));
    }
}
