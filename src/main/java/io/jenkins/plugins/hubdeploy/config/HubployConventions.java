package io.jenkins.plugins.hubdeploy.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * hubploy's file conventions inside a deployment directory: {@code config/common.yaml}, {@code config/<env>.yaml}
 * and {@code secrets/<env>.yaml}, layered in that order, each only when present (as hubploy's helm.py does).
 */
final class HubployConventions {
    /** Usual order of environments; others follow alphabetically. */
    private static final List<String> USUAL_ORDER = List.of("develop", "dev", "staging", "prod");

    private HubployConventions() {
    }

    /** Environment names from {@code <dir>/config/*.yaml} other than common.yaml, in the usual order. */
    static List<String> environments(Path deploymentDir) throws IOException {
        Path config = deploymentDir.resolve("config");
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(config)) {
            return names;
        }
        try (Stream<Path> files = Files.list(config)) {
            files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("common.yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .forEach(names::add);
        }
        names.sort(Comparator.comparingInt((String n) -> {
            int i = USUAL_ORDER.indexOf(n);
            return i < 0 ? USUAL_ORDER.size() : i;
        }).thenComparing(Comparator.naturalOrder()));
        return names;
    }

    /** The values files hubploy would pass for {@code env}, relative to {@code deploymentDir}, those present. */
    static List<String> valuesFiles(Path deploymentDir, String env) {
        List<String> files = new ArrayList<>();
        for (String candidate : List.of("config/common.yaml", "config/" + env + ".yaml", "secrets/" + env + ".yaml")) {
            if (Files.exists(deploymentDir.resolve(candidate))) {
                files.add(candidate);
            }
        }
        return files;
    }
}
