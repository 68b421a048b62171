package io.jenkins.plugins.hubdeploy.run;

import java.io.Serializable;
import java.util.List;

/**
 * What the CLI or the step asked for; every field may be null ("not given"), and is then taken from the deployment
 * configuration (smoke: and environments.ENV.hubUrl) or the defaults.
 *
 * @param env             the configuration environment whose hubUrl is used when hubUrl is not given
 * @param userOptionsJson spawn options as a JSON object, e.g. {"profile": "small"}
 */
public record SmokeRequest(String hubUrl, String env, String user, List<String> imports, List<String> notebooks,
                           Integer timeoutSeconds, Integer spawnTimeoutSeconds, Integer attempts,
                           Integer retryDelaySeconds, Integer users, Boolean keepUser, String kernel,
                           String userOptionsJson, String junit, String report) implements Serializable {
    public static final String DEFAULT_ENV = "staging";
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 30;
}
