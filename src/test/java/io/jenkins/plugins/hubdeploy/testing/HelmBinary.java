package io.jenkins.plugins.hubdeploy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real helm 3 binary: {@code HELM_BIN}, else {@code helm} on PATH, else the one the install step builds from Go
 * modules into {@code ~/.cache/hubdeploy/tools/helm3-<version>/bin/helm}. Missing: skip, or fail under CI=true.
 */
public final class HelmBinary {
    private HelmBinary() {
    }

    public static Optional<Path> find() {
        String bin = System.getenv("HELM_BIN");
        if (bin != null && !bin.isBlank() && Files.isExecutable(Path.of(bin))) {
            return Optional.of(Path.of(bin));
        }
        Optional<Path> onPath = Components.find("helm");
        if (onPath.isPresent()) {
            return onPath;
        }
        Path tools = Path.of(System.getProperty("user.home"), ".cache", "hubdeploy", "tools");
        if (!Files.isDirectory(tools)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(tools)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("helm3-"))
                    .map(d -> d.resolve("bin/helm")).filter(Files::isExecutable)
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static Path require() {
        Optional<Path> helm = find();
        if (helm.isEmpty()) {
            Components.unavailable("helm 3 is not installed (bin/install-deps builds it into ~/.cache/hubdeploy/tools;"
                    + " or set HELM_BIN)");
        }
        return helm.orElseThrow();
    }
}
