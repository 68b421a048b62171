package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The files a builder needs beside the workspace, created and removed through {@link AgentTask}s because in
 * Jenkins they live on the agent. They go to {@code <workspace>@tmp/hubdeploy-*} (Jenkins' own convention): in a
 * Kubernetes pod that directory is on the workspace volume every container shares, so a tool running in
 * {@code container('kaniko')} sees what the agent JVM wrote; it is also outside the repository, so it never
 * changes a build context or a content tag.
 */
final class BuilderFiles {
    private BuilderFiles() {
    }

    /** Absolute paths on the agent: the workspace root and a fresh private (0700) scratch directory. */
    record Paths(String workspace, String scratch) implements Serializable {
        private static final long serialVersionUID = 1L;

        String resolve(String relative) {
            return Path.of(workspace).resolve(relative).normalize().toString();
        }

        String scratchFile(String name) {
            return Path.of(scratch, name).toString();
        }
    }

    /** Creates the scratch directory ({@link ScratchDir}); delete it with {@link ScratchDir.Delete}. */
    record Prepare() implements AgentTask<Paths> {
        private static final long serialVersionUID = 1L;

        @Override
        public Paths call(Path workspace) throws IOException {
            return new Paths(workspace.toAbsolutePath().normalize().toString(), new ScratchDir.Create().call(workspace));
        }
    }

    /**
     * Writes {@code <scratch>/auth/config.json} (0600) holding only {@code credentials} for {@code host}, and
     * returns the {@code auth} directory: REGISTRY_AUTH_FILE for buildah/podman is its config.json, DOCKER_CONFIG
     * for docker/kaniko is the directory itself. For docker, the CLI plugins, buildx builders and contexts of the
     * user's own docker config directory ({@code env}'s DOCKER_CONFIG or ~/.docker) are linked in, so switching
     * DOCKER_CONFIG does not lose buildx.
     */
    record WriteAuth(String scratch, String host, RegistryCredentials credentials, Map<String, String> env)
            implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        WriteAuth {
            env = Map.copyOf(env);
        }

        @Override
        public String call(Path workspace) throws IOException {
            Path dir = Path.of(scratch, "auth");
            Files.createDirectories(dir);
            Path file = dir.resolve("config.json");
            ScratchDir.writePrivateFile(file, DockerConfig.authFileJson(host, credentials).getBytes(StandardCharsets.UTF_8));
            Path own = ownDockerConfigDir(env);
            for (String shared : List.of("cli-plugins", "buildx", "contexts")) {
                Path target = own.resolve(shared);
                if (Files.isDirectory(target)) {
                    try {
                        Files.createSymbolicLink(dir.resolve(shared), target);
                    } catch (FileAlreadyExistsException | UnsupportedOperationException ignored) {
                        // best effort: without the link docker falls back to its system plugin directories
                    }
                }
            }
            return dir.toString();
        }
    }

    /** Reads the digest a builder wrote ({@code sha256:...}, or docker buildx's metadata JSON). */
    record ReadText(String file) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException, HubDeployException {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw HubDeployException.environment("the builder reported success but did not write " + file
                        + "; check that the builder version supports it and retry");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }
    }

    private static Path ownDockerConfigDir(Map<String, String> env) {
        String dockerConfig = env.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return Path.of(dockerConfig);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
    }

}
