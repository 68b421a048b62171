package io.jenkins.plugins.hubdeploy.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@code .dockerignore} file, read and applied as Docker reads and applies them: one pattern a line,
 * a line starting with '#' is a comment, surrounding blanks are trimmed, a leading '!' re-includes, each pattern is
 * cleaned like Go's {@code filepath.Clean} and loses a leading '/', and the last pattern that matches a path (or
 * any of its parent directories) decides.
 */
public final class DockerIgnore {
    public static final String FILE_NAME = ".dockerignore";
    /** A larger file is refused before it is read: ignore files are a few hundred bytes. */
    public static final long MAX_BYTES = 1024 * 1024;
    public static final int MAX_PATTERNS = 10_000;
    private static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<DockerIgnorePattern> patterns;
    private final boolean hasReincludes;
    private final int scratchWords;

    private DockerIgnore(List<DockerIgnorePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.hasReincludes = patterns.stream().anyMatch(DockerIgnorePattern::reinclude);
        this.scratchWords = patterns.stream().mapToInt(DockerIgnorePattern::words).max().orElse(0);
    }

    /** A {@code .dockerignore} beyond {@link #MAX_BYTES} or {@link #MAX_PATTERNS}: not a syntax error. */
    public static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /** No rules: nothing is excluded. */
    public static DockerIgnore none() {
        return NONE;
    }

    /**
     * Parses the text of a {@code .dockerignore}. Throws {@link IllegalArgumentException} naming the line for a
     * pattern that is refused (a lone '!', and what {@link DockerIgnorePattern} lists), and
     * {@link TooLargeException} beyond {@link #MAX_BYTES} or {@link #MAX_PATTERNS}; callers add the file name.
     */
    public static DockerIgnore parse(String text) {
        if (text.length() > MAX_BYTES) {
            throw new TooLargeException("is larger than 1 MiB (" + MAX_BYTES + " characters), the limit for a .dockerignore");
        }
        List<DockerIgnorePattern> patterns = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = n == 0 && lines[n].startsWith("\uFEFF") ? lines[n].substring(1) : lines[n];
            if (line.startsWith("#")) {
                continue;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean reinclude = line.startsWith("!");
            if (reinclude) {
                line = line.substring(1).strip();
                if (line.isEmpty()) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": a lone '!' is not a pattern");
                }
            }
            String cleaned = goClean(line);
            if (cleaned.length() > 1 && cleaned.startsWith("/")) {
                cleaned = cleaned.substring(1);
            }
            if (patterns.size() == MAX_PATTERNS) {
                throw new TooLargeException("has more than " + MAX_PATTERNS + " patterns, the limit for a .dockerignore");
            }
            try {
                patterns.add(new DockerIgnorePattern(cleaned, reinclude));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return new DockerIgnore(patterns);
    }

    /**
     * Whether a path ('/'-separated, relative to the context root, no "." or ".." parts) is left out of the context.
     * Time linear in the path's length times the patterns' total length.
     */
    public boolean excludes(String path) {
        if (patterns.isEmpty()) {
            return false;
        }
        long[] current = new long[scratchWords];
        long[] next = new long[scratchWords];
        boolean excluded = false;
        for (DockerIgnorePattern pattern : patterns) {
            // an exclusion cannot change an excluded path, a re-include cannot change an included one
            if (pattern.reinclude() != excluded) {
                continue;
            }
            if (pattern.matchesPathOrParent(path, current, next)) {
                excluded = !pattern.reinclude();
            }
        }
        return excluded;
    }

    /**
     * Whether everything under this excluded directory is excluded too, so a walk may skip it: true when the
     * directory is excluded and no '!' pattern could bring a file back.
     */
    public boolean excludesWholeDirectory(String directory) {
        return !hasReincludes && excludes(directory);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return patterns.toString();
    }

    /** Go's {@code filepath.Clean} for '/'-separated paths. */
    static String goClean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add(part);
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
