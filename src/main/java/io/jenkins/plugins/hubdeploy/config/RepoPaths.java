package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves a path written in a config file (relative to the file's directory) to a repository-relative,
 * normalised, '/'-separated path, proving it stays inside the repository (lexically and after following
 * symbolic links) and that it exists as the expected kind.
 */
final class RepoPaths {
    enum Kind { FILE, DIRECTORY }

    private RepoPaths() {
    }

    /** {@code root}-relative form of {@code abs} with '/' separators; "." for the root itself. */
    static String relative(Path root, Path abs) {
        String rel = root.relativize(abs).toString().replace('\\', '/');
        return rel.isEmpty() ? "." : rel;
    }

    /**
     * @param what words for the thing, e.g. "values file", used in messages
     */
    static String resolve(ConfigSource src, String raw, Kind kind, String what, int line, String field)
            throws HubDeployException {
        return resolveFrom(src, src.dir(), raw, kind, what, line, field);
    }

    /** As {@link #resolve}, relative to {@code base} (an absolute directory inside the repository). */
    static String resolveFrom(ConfigSource src, Path base, String raw, Kind kind, String what, int line, String field)
            throws HubDeployException {
        String relBase = relative(src.repoRoot(), base);
        String baseWords = relBase.equals(".") ? "the repository root" : relBase + "/";
        if (raw.isBlank()) {
            throw src.error(line, field, "the " + what + " path is empty", "Give a path relative to " + baseWords);
        }
        Path given;
        try {
            given = Paths.get(raw);
        } catch (InvalidPathException e) {
            throw src.error(line, field, "'" + raw + "' is not a valid path (" + e.getReason() + ")", null);
        }
        if (given.isAbsolute() || raw.startsWith("/") || raw.startsWith("\\")) {
            throw src.error(line, field, "'" + raw + "' is an absolute path",
                    "Give a path relative to " + baseWords + " inside the repository, so it means the same on every agent");
        }
        Path abs = base.resolve(given).normalize();
        if (!abs.startsWith(src.repoRoot())) {
            throw src.error(line, field, "'" + raw + "' points outside the repository",
                    "Paths are relative to " + baseWords + " and must stay inside the repository");
        }
        String rel = relative(src.repoRoot(), abs);
        if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw src.error(line, field, "the " + what + " '" + raw + "' does not exist (looked for " + rel + ")"
                    + siblingSuggestion(abs), "Expected an existing " + (kind == Kind.FILE ? "file" : "directory")
                    + " relative to " + baseWords);
        }
        Path real;
        try {
            real = abs.toRealPath();
            Path realRoot = src.repoRoot().toRealPath();
            if (!real.startsWith(realRoot)) {
                throw src.error(line, field, "'" + raw + "' is (or goes through) a symbolic link that points outside"
                        + " the repository", "Copy the file into the repository or point the link inside it");
            }
        } catch (IOException e) {
            throw src.error(line, field, "the " + what + " '" + raw + "' cannot be resolved (" + e.getMessage()
                    + "; a dangling symbolic link?)", "Expected an existing " + (kind == Kind.FILE ? "file" : "directory"));
        }
        if (kind == Kind.FILE && !Files.isRegularFile(real)) {
            throw src.error(line, field, "the " + what + " '" + raw + "' is a directory, not a file", null);
        }
        if (kind == Kind.DIRECTORY && !Files.isDirectory(real)) {
            throw src.error(line, field, "the " + what + " '" + raw + "' is a file, not a directory", null);
        }
        return rel;
    }

    /** " (did you mean 'x'?)" for a file of a similar name next to the missing one. */
    private static String siblingSuggestion(Path missing) {
        Path parent = missing.getParent();
        if (parent == null || !Files.isDirectory(parent) || missing.getFileName() == null) {
            return "";
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(parent)) {
            list.limit(1000).forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            return "";
        }
        return Suggestions.didYouMean(missing.getFileName().toString(), names);
    }
}
