package io.jenkins.plugins.hubdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from the auth files the builders use (docker {@code config.json} format), searched the way
 * containers/image (buildah, podman, skopeo) and docker search them; the first file with an entry for the host wins:
 * <ol>
 *   <li>{@code $REGISTRY_AUTH_FILE} (when set, the only file: buildah and podman then read nothing else)</li>
 *   <li>{@code $XDG_RUNTIME_DIR/containers/auth.json}</li>
 *   <li>{@code $HOME/.config/containers/auth.json}</li>
 *   <li>{@code $DOCKER_CONFIG/config.json}, or {@code $HOME/.docker/config.json} when DOCKER_CONFIG is unset</li>
 * </ol>
 * Credential helpers ({@code credHelpers}, {@code credsStore}) are never run: their names are only reported, so a
 * failure message can say why no credentials were found.
 */
public final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> searched;
    private final RegistryCredentials credentials;
    private final Path source;
    private final String helper;

    private DockerConfig(List<Path> searched, RegistryCredentials credentials, Path source, String helper) {
        this.searched = List.copyOf(searched);
        this.credentials = credentials;
        this.source = source;
        this.helper = helper;
    }

    /**
     * Looks up {@code host} (host[:port] as in an image name) in the auth files that {@code env} points at.
     * {@code env} is the environment of the builder (passed explicitly so it is the agent's, and so tests can point
     * it at a temporary file); HOME falls back to this JVM's user.home.
     */
    public static DockerConfig lookup(String host, Map<String, String> env) throws IOException {
        List<Path> searched = new ArrayList<>();
        String helper = null;
        for (Path file : candidateFiles(env)) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            searched.add(file);
            JsonNode root = read(file);
            JsonNode entry = entryFor(root.path("auths"), host);
            if (entry != null) {
                RegistryCredentials found = decode(entry, file, host);
                if (found != null) {
                    return new DockerConfig(searched, found, file, null);
                }
            }
            if (helper == null) {
                helper = helperFor(root, host);
            }
        }
        return new DockerConfig(searched, null, null, helper);
    }

    /** The files searched, in order: where to look (or put credentials) when authentication fails. */
    static List<Path> candidateFiles(Map<String, String> env) {
        String authFile = env.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) {
            return List.of(Path.of(authFile));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        List<Path> files = new ArrayList<>();
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            files.add(Path.of(runtime, "containers", "auth.json"));
        }
        files.add(Path.of(home, ".config", "containers", "auth.json"));
        String dockerConfig = env.get("DOCKER_CONFIG");
        files.add(dockerConfig != null && !dockerConfig.isBlank()
                ? Path.of(dockerConfig, "config.json") : Path.of(home, ".docker", "config.json"));
        return files;
    }

    /** The credentials found, if any. */
    public Optional<RegistryCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The file the credentials came from, if any. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The credential helper configured for the host (credHelpers entry or credsStore) that was not run, if any. */
    public Optional<String> unusedHelper() {
        return Optional.ofNullable(helper);
    }

    /** Auth files that exist and were read. */
    public List<Path> searched() {
        return searched;
    }

    /** A one-line description of where credentials came from, for messages (never the credentials themselves). */
    public String describe() {
        if (source != null) {
            return "credentials for user '" + credentials.username() + "' from " + source;
        }
        String files = searched.isEmpty() ? "no auth file exists" : "no entry in " + searched;
        return helper == null ? "no credentials (" + files + ")"
                : "no credentials (" + files + "; credential helper 'docker-credential-" + helper
                + "' is configured but hubdeploy does not run credential helpers: pass credentials to the step or"
                + " put an 'auths' entry in the auth file)";
    }

    /** A docker config.json holding only {@code credentials} for {@code host}: what builders get for a push. */
    public static String authFileJson(String host, RegistryCredentials credentials) {
        ObjectNode root = JSON.createObjectNode();
        String pair = credentials.username() + ":" + credentials.password();
        root.putObject("auths").putObject(host)
                .put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        return root.toString();
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            // Jackson's message may quote file content (a credential): never pass it on.
            throw new IOException("cannot read auth file " + file + ": not valid JSON in docker config.json format;"
                    + " fix or remove it");
        }
    }

    private static JsonNode entryFor(JsonNode auths, String host) {
        if (!auths.isObject()) {
            return null;
        }
        for (String key : keysFor(host)) {
            if (auths.has(key)) {
                return auths.get(key);
            }
        }
        return null;
    }

    /** The keys docker and containers/image accept for one registry. */
    static List<String> keysFor(String host) {
        List<String> hosts = new ArrayList<>(List.of(host));
        if (host.equals(ImageName.DOCKER_HUB) || host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            hosts = List.of("docker.io", "index.docker.io", "registry-1.docker.io");
        }
        List<String> keys = new ArrayList<>();
        for (String h : hosts) {
            keys.addAll(List.of(h, "https://" + h, "http://" + h, h + "/v1/", "https://" + h + "/v1/",
                    "https://" + h + "/v2/", "http://" + h + "/v1/"));
        }
        return keys;
    }

    private static RegistryCredentials decode(JsonNode entry, Path file, String host) throws IOException {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IOException("auth file " + file + ": the 'auth' value for " + host
                        + " is not base64 of user:password; log in again (buildah login / docker login)");
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IOException("auth file " + file + ": the 'auth' value for " + host
                        + " does not decode to user:password; log in again (buildah login / docker login)");
            }
            return new RegistryCredentials(pair.substring(0, colon), pair.substring(colon + 1));
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        return user.isEmpty() || password.isEmpty() ? null : new RegistryCredentials(user, password);
    }

    private static String helperFor(JsonNode root, String host) {
        JsonNode helpers = root.path("credHelpers");
        for (String key : keysFor(host)) {
            if (helpers.hasNonNull(key)) {
                return helpers.get(key).asText();
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? null : store;
    }
}
