package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an image directory is built, the same for hubploy.yaml and hubdeploy.yaml: from its Dockerfile when there is
 * one, else by repo2docker with hubploy's settings ({@code repo2docker:} options over hubploy's defaults).
 */
final class ImageDirectory {
    /** hubploy's repo2docker settings (LocalImage) and the options a configuration may set. */
    static final Map<String, String> REPO2DOCKER_DEFAULTS = Map.of("user_id", "1000", "user_name", "jovyan",
            "target_repo_dir", "/srv/repo");
    static final List<String> REPO2DOCKER_KEYS = List.of("base_image", "user_id", "user_name", "target_repo_dir");

    /**
     * The files repo2docker's buildpacks detect (its "configuration files" documentation), at the top or in
     * {@code binder/} / {@code .binder/}. A directory with none of them would still build (repo2docker's default
     * Python image), so only a hubdeploy.yaml, which names a context explicitly, asks for one of them.
     */
    static final List<String> REPO2DOCKER_FILES = List.of("environment.yml", "requirements.txt", "setup.py",
            "Pipfile", "Pipfile.lock", "Project.toml", "REQUIRE", "install.R", "DESCRIPTION", "apt.txt", "postBuild",
            "start", "runtime.txt", "default.nix");

    private ImageDirectory() {
    }

    /** Whether {@code context} (repository-relative) holds a Dockerfile. */
    static boolean hasDockerfile(ConfigSource src, String context) {
        return Files.isRegularFile(src.repoRoot().resolve(context).resolve("Dockerfile"));
    }

    /** Whether {@code context} (repository-relative) holds a file repo2docker builds from. */
    static boolean hasRepo2DockerFiles(ConfigSource src, String context) {
        Path dir = src.repoRoot().resolve(context);
        for (Path base : List.of(dir, dir.resolve("binder"), dir.resolve(".binder"))) {
            for (String name : REPO2DOCKER_FILES) {
                if (Files.isRegularFile(base.resolve(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A repo2docker image: hubploy's defaults with {@code options} over them. */
    static ImageSpec repo2docker(String name, String context, String valuesPath, Map<String, String> options) {
        Map<String, String> merged = new LinkedHashMap<>(REPO2DOCKER_DEFAULTS);
        merged.putAll(options);
        return ImageSpec.repo2docker(name, context, valuesPath, Collections.unmodifiableMap(merged));
    }

    /** The {@code repo2docker:} options of an image entry (hubploy's keys), validated; empty when absent. */
    static Map<String, String> repo2dockerOptions(MapReader image) throws HubDeployException {
        MapReader options = image.map("repo2docker");
        if (options == null) {
            return Map.of();
        }
        options.allowOnly(REPO2DOCKER_KEYS.toArray(new String[0]));
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : REPO2DOCKER_KEYS) {
            String value = options.optionalString(key, null);
            if (value != null) {
                if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
                    throw options.error(key, key + " is empty or has control characters", "Give a plain value");
                }
                result.put(key, value.strip());
            }
        }
        if (result.containsKey("user_id") && !result.get("user_id").matches("[0-9]{1,9}")) {
            throw options.error("user_id", "user_id '" + result.get("user_id") + "' is not a number",
                    "Give the numeric user id, e.g. \"1000\"");
        }
        return Collections.unmodifiableMap(result);
    }
}
