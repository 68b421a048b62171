package io.jenkins.plugins.hubdeploy.image;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * An image repository reference without tag or digest, split the way Docker does: the first component is a
 * registry host when it contains '.' or ':' or is {@code localhost}; otherwise the image is on Docker Hub
 * ({@code registry-1.docker.io}, with {@code library/} for single-component names).
 */
public record ImageName(String registry, String repository) implements Serializable {
    public static final String DOCKER_HUB = "docker.io";
    // possessive repeated groups (*+): the parts are delimited, so no answer changes, and a long name no longer
    // costs one stack frame per part (StackOverflowError at ~2,000 characters)
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*+");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*+(?::[0-9]+)?"
                    + "|\\[[0-9a-fA-F:.]+\\](?::[0-9]+)?");

    /**
     * Parses {@code [host[:port]/]path}. Throws {@link IllegalArgumentException} whose message says what is wrong
     * (callers add the file and field).
     */
    public static ImageName parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("an image name is required, e.g. registry.example.org/team/user-image");
        }
        String ref = reference.strip();
        if (ref.contains("@")) {
            throw new IllegalArgumentException("'" + ref + "' has a digest; give the repository only (the tag is computed from content)");
        }
        int slash = ref.indexOf('/');
        String first = slash < 0 ? ref : ref.substring(0, slash);
        boolean hasHost = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || first.startsWith("["));
        String registry = hasHost ? first : DOCKER_HUB;
        String path = hasHost ? ref.substring(slash + 1) : ref;
        if (hasHost && !HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("'" + registry + "' in '" + ref + "' is not a valid registry host[:port]");
        }
        int lastSlash = path.lastIndexOf('/');
        if (path.indexOf(':', lastSlash + 1) >= 0) {
            throw new IllegalArgumentException("'" + ref + "' has a tag; give the repository only (the tag is computed from content)");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("'" + ref + "' has no repository path after the registry host");
        }
        if (path.length() > 255) {
            throw new IllegalArgumentException("'" + ref + "' is longer than 255 characters");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("'" + ref + "': path component '" + component
                        + "' must be lowercase letters, digits and separators (. _ __ -), not starting or ending with one");
            }
        }
        if (!hasHost && !path.contains("/")) {
            path = "library/" + path;
        }
        return new ImageName(registry, path);
    }

    /** The host to talk to for the distribution API. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** True for 127.0.0.0/8, ::1 and localhost, which are plain HTTP by default (as Docker treats them). */
    public boolean isLoopback() {
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']'))
                : registry.replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** {@code registry/repository}, as builders and helm want it. */
    @Override
    public String toString() {
        return registry + "/" + repository;
    }

    public String withTag(String tag) {
        return this + ":" + tag;
    }
}
