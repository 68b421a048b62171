package io.jenkins.plugins.hubdeploy.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the CLI or the step asked for; every field may be null ("not given"), and is then taken from the deployment
 * configuration (smoke: and environments.ENV.hubUrl) or the defaults.
 *
 * @param env             the configuration environment whose hubUrl is used when hubUrl is not given
 * @param userOptionsJson spawn options as a JSON object, e.g. {"profile": "small"}; made by {@link #userOptionsFromJson} or
 *                        {@link #userOptionsFromMap}
 */
public record SmokeRequest(String hubUrl, String env, String user, List<String> imports, List<String> notebooks,
                           Integer timeoutSeconds, Integer spawnTimeoutSeconds, Integer attempts,
                           Integer retryDelaySeconds, Integer users, Boolean keepUser, String kernel,
                           String userOptionsJson, String junit, String report) implements Serializable {
    public static final String DEFAULT_ENV = "staging";
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 30;
    private static final String USER_OPTIONS_USAGE = "spawn options (--user-options; step: userOptions) must be a"
            + " JSON object / map of strings, numbers, booleans, lists and maps, e.g. {\"profile\": \"small\"}";

    /**
     * The configuration is read only when it is needed: no hub URL given (it comes from the environment's hubUrl),
     * or an environment named (its deployment's smoke: section applies). So a hub URL alone runs anywhere.
     */
    public boolean needsConfig() {
        return hubUrl == null || env != null;
    }

    /** The CLI's spawn options, JSON text, as the compact JSON object the hub gets; null stays null. */
    public static String userOptionsFromJson(String json) throws HubDeployException {
        if (json == null) {
            return null;
        }
        try {
            return objectJson(new ObjectMapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw HubDeployException.usage(USER_OPTIONS_USAGE);
        }
    }

    /** The step's spawn options, a Groovy map, as the compact JSON object the hub gets; null or empty is null. */
    public static String userOptionsFromMap(Map<String, ?> options) throws HubDeployException {
        if (options == null || options.isEmpty()) {
            return null;
        }
        try {
            return objectJson(new ObjectMapper().valueToTree(options));
        } catch (IllegalArgumentException e) {
            throw HubDeployException.usage(USER_OPTIONS_USAGE);
        }
    }

    private static String objectJson(JsonNode node) throws HubDeployException {
        if (node == null || !node.isObject()) {
            throw HubDeployException.usage(USER_OPTIONS_USAGE);
        }
        return node.toString();
    }
}
