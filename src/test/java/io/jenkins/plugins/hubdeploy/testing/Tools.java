package io.jenkins.plugins.hubdeploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Go-built tools pinned in {@code bin/tool-versions} (helm 3 and 4, sops, age, etcd, the Kubernetes control plane,
 * kubectl, kwok), where {@code bin/install-tools} puts them: {@code ~/.cache/hubdeploy/tools/<name>-<version>/bin/}
 * (or {@code $HUBDEPLOY_TOOLS}, {@code $HUBDEPLOY_CACHE/tools}). {@link #require} skips a test when a tool is not
 * built, and fails it under CI=true ({@link Components}).
 */
public final class Tools {
    public static final Path VERSIONS_FILE = Path.of("bin/tool-versions");
    private static final Map<String, String> VERSIONS = readVersions();

    private Tools() {
    }

    /** name -> version, in the file's order (e.g. helm3 -> v3.22.0). */
    public static Map<String, String> versions() {
        return VERSIONS;
    }

    public static String version(String name) {
        String version = VERSIONS.get(name);
        if (version == null) {
            throw new IllegalArgumentException("no tool '" + name + "' in " + VERSIONS_FILE);
        }
        return version;
    }

    /** The built binary of tool {@code name} (e.g. "kube", "kubectl"), whether or not it exists. */
    public static Path path(String name, String binary) {
        return toolsDir().resolve(name + "-" + version(name)).resolve("bin").resolve(binary);
    }

    /** The built binary, or the test is skipped (failed under CI=true) saying how to build it. */
    public static Path require(String name, String binary) {
        Path path = path(name, binary);
        if (!Files.isExecutable(path)) {
            Components.unavailable(binary + " (" + name + " " + version(name) + ") is not built at " + path
                    + " (run bin/install-tools " + name + ")");
        }
        return path;
    }

    public static Path helm3() {
        return require("helm3", "helm");
    }

    public static Path helm4() {
        return require("helm4", "helm");
    }

    /** {@code helm3} or {@code helm4}: the helm binary of that tool entry. */
    public static Path helm(String tool) {
        return require(tool, "helm");
    }

    public static Path kubectl() {
        return require("kube", "kubectl");
    }

    public static Path sops() {
        return require("sops", "sops");
    }

    public static Path ageKeygen() {
        return require("age", "age-keygen");
    }

    /** One line naming every pinned tool and its version, for test reports. */
    public static String summary() {
        StringBuilder text = new StringBuilder();
        VERSIONS.forEach((name, version) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(version));
        return text.toString();
    }

    static Path toolsDir() {
        String tools = System.getenv("HUBDEPLOY_TOOLS");
        if (tools != null && !tools.isBlank()) {
            return Path.of(tools);
        }
        String cache = System.getenv("HUBDEPLOY_CACHE");
        if (cache != null && !cache.isBlank()) {
            return Path.of(cache, "tools");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("hubdeploy").resolve("tools");
    }

    private static Map<String, String> readVersions() {
        try {
            Map<String, String> versions = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(VERSIONS_FILE);
            for (String line : lines) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 3 && !fields[0].startsWith("#")) {
                    versions.put(fields[0], fields[1]);
                }
            }
            return Collections.unmodifiableMap(versions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSIONS_FILE.toAbsolutePath(), e);
        }
    }
}
