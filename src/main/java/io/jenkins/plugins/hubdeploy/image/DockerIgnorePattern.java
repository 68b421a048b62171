package io.jenkins.plugins.hubdeploy.image;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One cleaned {@code .dockerignore} pattern, matched the way Docker's patternmatcher matches it: Go
 * {@code filepath.Match} syntax ({@code *} and {@code ?} stop at '/', {@code [...]} classes, {@code \} escapes)
 * plus {@code **}, which matches any number of directories including none. Like Docker, a pattern made only of
 * literal characters compares exactly, {@code lit**} compares as a prefix and {@code **lit} as a suffix; everything
 * else becomes an anchored regular expression.
 */
final class DockerIgnorePattern {
    private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

    private static final String ESCAPED = ".+()|{}$";

    private final String text;
    private final boolean reinclude;
    private final Kind kind;
    private final Pattern regexp;

    /** {@code text} is already cleaned, without its leading '!'. */
    DockerIgnorePattern(String text, boolean reinclude) {
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
                this.regexp = Pattern.compile(regex.append('$').toString(), Pattern.UNIX_LINES);
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
