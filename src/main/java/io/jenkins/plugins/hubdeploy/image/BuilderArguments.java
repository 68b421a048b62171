package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Argument pieces every builder writes the same way. */
final class BuilderArguments {
    private BuilderArguments() {
    }

    /** {@code --build-arg K=V} for each build argument, sorted by name so the argv is stable. */
    static void buildArgs(ImageSpec image, List<String> argv) {
        Map<String, String> args = image.buildArgs() == null ? Map.of() : new TreeMap<>(image.buildArgs());
        args.forEach((key, value) -> {
            argv.add("--build-arg");
            argv.add(key + "=" + (value == null ? "" : value));
        });
    }

    /** {@code --target T} for a multi-stage target and {@code <platformFlag> P} for a platform, when set. */
    static void targetAndPlatform(BuildRequest request, String platformFlag, List<String> argv) {
        String target = request.image().target();
        if (target != null && !target.isBlank()) {
            argv.addAll(List.of("--target", target));
        }
        if (request.platform() != null && !request.platform().isBlank()) {
            argv.addAll(List.of(platformFlag, request.platform()));
        }
    }
}
