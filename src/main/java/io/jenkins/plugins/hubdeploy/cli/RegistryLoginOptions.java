package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The registry login of {@code build} and {@code deploy}: a user on the command line, the password only in an
 * environment variable (never on a command line, where {@code ps} and shell history would show it).
 */
final class RegistryLoginOptions {
    @Option(names = "--registry-user", paramLabel = "USER",
            description = "Registry username (default: the builder's docker config.json / auth.json).")
    String registryUser;

    @Option(names = "--registry-password-env", paramLabel = "VAR", defaultValue = "REGISTRY_PASSWORD",
            description = "Environment variable holding the registry password with --registry-user "
                    + "(default: ${DEFAULT-VALUE}).")
    String registryPasswordEnv;

    /** The login, its password registered with the log's masker; null without --registry-user. */
    RegistryCredentials credentials(BuildLog log, Map<String, String> env) throws HubDeployException {
        if (registryUser == null) {
            return null;
        }
        String password = env.get(registryPasswordEnv);
        if (password == null || password.isEmpty()) {
            throw HubDeployException.usage("--registry-user " + registryUser + " needs the password in the environment "
                    + "variable " + registryPasswordEnv + " (or name another with --registry-password-env).");
        }
        log.addSecret(password);
        return new RegistryCredentials(registryUser, password);
    }
}
