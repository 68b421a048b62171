package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.nio.file.Path;

/**
 * The configuration file being read: where it is (repository-relative, for messages) and the directory its paths are
 * relative to. Builds the single-line exit-2 messages: {@code file, line N, field: problem. hint}.
 *
 * @param repoRoot absolute, normalised repository root
 * @param file     repository-relative path of the config file, '/'-separated
 * @param dir      absolute, normalised directory of the config file
 */
record ConfigSource(Path repoRoot, String file, Path dir) {

    static ConfigSource of(Path repoRoot, Path configFile) {
        Path root = repoRoot.toAbsolutePath().normalize();
        Path abs = configFile.toAbsolutePath().normalize();
        return new ConfigSource(root, RepoPaths.relative(root, abs), abs.getParent());
    }

    /** The config file's directory, repository-relative with a trailing '/' ("" at the root), for hints. */
    String dirForHumans() {
        String rel = RepoPaths.relative(repoRoot, dir);
        return rel.equals(".") ? "the repository root" : rel + "/";
    }

    /**
     * @param line    1-based line, or 0 when unknown
     * @param field   dotted path such as {@code environments.staging.values[2]}, or null/empty for the whole file
     * @param problem what is wrong, without a final period
     * @param hint    what is expected / what to do, or null
     */
    HubDeployException error(int line, String field, String problem, String hint) {
        StringBuilder msg = new StringBuilder(file);
        if (line > 0) {
            msg.append(", line ").append(line);
        }
        if (field != null && !field.isEmpty()) {
            msg.append(", ").append(field);
        }
        msg.append(": ").append(problem);
        if (hint != null && !hint.isEmpty()) {
            msg.append(". ").append(hint);
        }
        if (msg.charAt(msg.length() - 1) != '.') {
            msg.append('.');
        }
        return HubDeployException.usage(msg.toString());
    }
}
