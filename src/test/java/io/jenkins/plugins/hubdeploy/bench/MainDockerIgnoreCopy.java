package io.jenkins.plugins.hubdeploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Bench only: main's .dockerignore matcher before issue 12 (commit c7bc30a, patterns translated to
 * java.util.regex), kept verbatim in logic so {@link IgnoreMatchBench} can time it beside the automaton. Never used
 * by the product.
 */
final class MainDockerIgnoreCopy {
        private static final MainDockerIgnoreCopy NONE = new MainDockerIgnoreCopy(List.of());

    private final List<Pattern> patterns;
    private final boolean hasReincludes;

    private MainDockerIgnoreCopy(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.hasReincludes = patterns.stream().anyMatch(Pattern::reinclude);
    }

    /** No rules: nothing is excluded. */
    public static MainDockerIgnoreCopy none() {
        return NONE;
    }

    /**
     * Parses the text of a {@code .dockerignore}. Throws {@link IllegalArgumentException} naming the line for what
     * Docker would refuse too (a lone '!', an unterminated or empty character class); callers add the file name.
     */
    public static MainDockerIgnoreCopy parse(String text) {
        List<Pattern> patterns = new ArrayList<>();
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
            try {
                patterns.add(new Pattern(cleaned, reinclude));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return new MainDockerIgnoreCopy(patterns);
    }

    /** Whether a path ('/'-separated, relative to the context root, no "." or ".." parts) is left out of the context. */
    public boolean excludes(String path) {
        boolean excluded = false;
        int lastSlash = path.lastIndexOf('/');
        for (Pattern pattern : patterns) {
            // an exclusion cannot change an excluded path, a re-include cannot change an included one
            if (pattern.reinclude() != excluded) {
                continue;
            }
            boolean match = pattern.matches(path);
            for (int slash = path.indexOf('/'); !match && slash >= 0 && slash <= lastSlash; slash = path.indexOf('/', slash + 1)) {
                match = pattern.matches(path.substring(0, slash));
            }
            if (match) {
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

    /** main's DockerIgnorePattern. */
    static final class Pattern {
    private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

    private static final String ESCAPED = ".+()|{}$";

    private final String text;
    private final boolean reinclude;
    private final Kind kind;
    private final java.util.regex.Pattern regexp;

    /** {@code text} is already cleaned, without its leading '!'. */
    Pattern(String text, boolean reinclude) {
        this.text = text;
        this.reinclude = reinclude;
        StringBuilder regex = new StringBuilder("^");
        Kind detected = Kind.EXACT;
        boolean inClass = false;
        int[] chars = text.codePoints().toArray();
        for (int i = 0, step = 0; i < chars.length; i++, step++) {
            int ch = chars[i];
            if (inClass) {
                // Go's RE2 reads '[' and '&' in a class literally; Java's regex would nest or intersect.
                if (ch == ']') {
                    inClass = false;
                    regex.append(']');
                } else if (ch == '\\' && i + 1 < chars.length) {
                    regex.append('\\').appendCodePoint(chars[++i]);
                } else if (ch == '[' || ch == '&') {
                    regex.append('\\').appendCodePoint(ch);
                } else {
                    regex.appendCodePoint(ch);
                }
                continue;
            }
            if (ch == '*') {
                if (i + 1 < chars.length && chars[i + 1] == '*') {
                    i++;
                    if (i + 1 < chars.length && chars[i + 1] == '/') {
                        i++;
                    }
                    if (i + 1 == chars.length) {
                        if (detected == Kind.EXACT) {
                            detected = Kind.PREFIX;
                        } else {
                            regex.append(".*");
                            detected = Kind.REGEXP;
                        }
                    } else {
                        regex.append("(.*/)?");
                        detected = Kind.REGEXP;
                    }
                    if (step == 0) {
                        detected = Kind.SUFFIX;
                    }
                } else {
                    regex.append("[^/]*");
                    detected = Kind.REGEXP;
                }
            } else if (ch == '?') {
                regex.append("[^/]");
                detected = Kind.REGEXP;
            } else if (ch < 128 && ESCAPED.indexOf(ch) >= 0) {
                regex.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (i + 1 < chars.length) {
                    regex.append('\\').appendCodePoint(chars[++i]);
                    detected = Kind.REGEXP;
                } else {
                    regex.append("\\\\");
                }
            } else if (ch == '[') {
                regex.append('[');
                inClass = true;
                if (i + 1 < chars.length && chars[i + 1] == '^') {
                    regex.append('^');
                    i++;
                }
                if (i + 1 < chars.length && chars[i + 1] == ']') {
                    throw new IllegalArgumentException("empty character class '[]' in pattern '" + text + "'");
                }
                detected = Kind.REGEXP;
            } else if (ch == ']') {
                regex.append("\\]");
                detected = Kind.REGEXP;
            } else {
                regex.appendCodePoint(ch);
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("unterminated character class '[' in pattern '" + text + "'");
        }
        this.kind = detected;
        if (detected == Kind.REGEXP) {
            try {
                this.regexp = java.util.regex.Pattern.compile(regex.append('$').toString(), java.util.regex.Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid pattern '" + text + "': " + e.getDescription(), e);
            }
        } else {
            this.regexp = null;
        }
    }

    boolean reinclude() {
        return reinclude;
    }

    boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(text);
            case PREFIX -> path.startsWith(text.substring(0, text.length() - 2));
            case SUFFIX -> {
                String suffix = text.substring(2);
                yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            case REGEXP -> regexp.matcher(path).matches();
        };
    }

    @Override
    public String toString() {
        return (reinclude ? "!" : "") + text;
    }
}
}
