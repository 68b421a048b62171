package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a hub URL must be, wherever it comes from (configuration, CLI, step, step form): {@code http} or
 * {@code https}, a host, no user info, no query, no fragment. The token never travels in the URL.
 */
public final class HubUrl {
    private HubUrl() {
    }

    /** Why the URL cannot be a hub URL, or null when it can. The reason never repeats the URL. */
    public static String problem(String url) {
        if (url == null || url.isBlank()) {
            return "is empty";
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return "is not an http(s) URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not carry a query or a fragment";
        }
        if (uri.getHost() == null) {
            return "has no host";
        }
        return null;
    }

    /**
     * Exit 2 for a URL {@link #problem} refuses. The message quotes the URL only when it cannot hold a secret
     * (no user info, query or fragment), and says where the token goes instead.
     */
    public static void check(String url) throws HubDeployException {
        String problem = problem(url);
        if (problem == null) {
            return;
        }
        String shown = url == null || mayHoldSecret(url) ? "hub URL" : "hub URL '" + url + "'";
        throw HubDeployException.usage(shown + " " + problem + "; expected http(s)://host[:port][/path], e.g."
                + " https://staging.datahub.example.org, in --hub-url (step: hubUrl) or environments.<env>.hubUrl;"
                + " the API token goes in --token-env (runHubSmokeTests: credentialsId, promoteToProd: hubCredentialsId)");
    }

    private static boolean mayHoldSecret(String url) {
        return url.contains("@") || url.contains("?") || url.contains("#");
    }
}
