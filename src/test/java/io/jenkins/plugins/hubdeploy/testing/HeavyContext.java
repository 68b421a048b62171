package io.jenkins.plugins.hubdeploy.testing;

import io.jenkins.plugins.hubdeploy.image.DockerIgnore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image context whose {@code .dockerignore} matching takes long although it is linear: many files, each checked
 * against the 10,000 patterns allowed, each with many stars and no literal head or tail for the matcher's quick
 * check to reject on (about 4 ms a file on the 2-core build machine). Every
 * file of the context ends up excluded, even the .dockerignore, and the Dockerfile lies outside the context, so no
 * file read (which an interrupt also stops) happens during the walk: only the walk's own check can notice an
 * interrupt. A trailing '!' pattern keeps the walk from ever skipping a directory wholesale.
 */
public final class HeavyContext {
    public static final String CONTEXT = "image";
    public static final String DOCKERFILE = "heavy.Dockerfile";

    private HeavyContext() {
    }

    /** Writes {@link #DOCKERFILE} and {@link #CONTEXT}/ (.dockerignore, {@code files} empty files) under root. */
    public static Path write(Path root, int files) throws IOException {
        Path image = Files.createDirectories(root.resolve(CONTEXT));
        Files.writeString(root.resolve(DOCKERFILE), "FROM busybox\n");
        StringBuilder patterns = new StringBuilder();
        for (int i = 0; i < DockerIgnore.MAX_PATTERNS - 3; i++) {
            patterns.append("*a*a*a*a*a*a*a*a*a*a*[bc]*\n");
        }
        patterns.append("**/aaaa*\n").append(".dockerignore\n").append("!no-such-file\n");
        Files.writeString(image.resolve(".dockerignore"), patterns);
        // at the context root: a '*' stops at '/', so a file in a subdirectory would fail every pattern at once
        for (int f = 0; f < files; f++) {
            Files.writeString(image.resolve("a".repeat(40) + f), "");
        }
        return root;
    }
}
