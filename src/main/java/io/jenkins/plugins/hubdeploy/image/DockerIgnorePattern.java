package io.jenkins.plugins.hubdeploy.image;

import java.util.ArrayList;
import java.util.List;

/**
 * One cleaned {@code .dockerignore} pattern, matched the way Docker's patternmatcher matches it: Go
 * {@code filepath.Match} syntax ({@code *} and {@code ?} stop at '/', {@code [...]} classes, {@code \} escapes)
 * plus {@code **}, which matches any number of directories including none. Like Docker, a pattern made only of
 * literal characters compares exactly, {@code lit**} compares as a prefix and {@code **lit} as a suffix; everything
 * else means what Docker's translation to a Go regular expression means (so {@code [^a]} and {@code [/]} match '/',
 * {@code **} does not cross a newline, {@code \d} is a digit). Compiled to a {@link GlobAutomaton}: linear time.
 *
 * <p>Refused, as Docker refuses them: an unterminated or empty class, a '-' that starts a class item or ends a
 * range, a reversed range, an unknown {@code [:name:]}, a trailing '\'. Refused although Docker takes them: a '\'
 * before a letter or digit other than {@code d s w D S W a f n r t v} (regular-expression syntax such as
 * {@code \b} or {@code \x41} that a file pattern has no use for).
 */
final class DockerIgnorePattern {
    private enum Kind { EXACT, PREFIX, SUFFIX, REGEXP }

    private final String text;
    private final boolean reinclude;
    private final GlobAutomaton automaton;

    /** {@code text} is already cleaned, without its leading '!'. */
    DockerIgnorePattern(String text, boolean reinclude) {
        this.text = text;
        this.reinclude = reinclude;
        this.automaton = compile(text);
    }

    boolean reinclude() {
        return reinclude;
    }

    int words() {
        return automaton.words();
    }

    /** Whether the pattern matches {@code path} or one of its parent directories; scratch of {@link #words()}. */
    boolean matchesPathOrParent(String path, long[] current, long[] next) {
        return automaton.matchesPathOrParent(path, current, next);
    }

    /** The pattern's elements in Docker's order; the kind decides how the literal forms compare. */
    private static GlobAutomaton compile(String text) {
        int[] chars = text.codePoints().toArray();
        List<Element> elements = new ArrayList<>();
        Kind kind = Kind.EXACT;
        for (int i = 0, step = 0; i < chars.length; i++, step++) {
            int ch = chars[i];
            if (ch == '*') {
                if (i + 1 < chars.length && chars[i + 1] == '*') {
                    i++;
                    if (i + 1 < chars.length && chars[i + 1] == '/') {
                        i++;
                    }
                    if (i + 1 == chars.length) {
                        if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            elements.add(Element.REST);
                            kind = Kind.REGEXP;
                        }
                    } else {
                        elements.add(Element.DIRECTORIES);
                        kind = Kind.REGEXP;
                    }
                    if (step == 0) {
                        kind = Kind.SUFFIX;
                    }
                } else {
                    elements.add(Element.STAR);
                    kind = Kind.REGEXP;
                }
            } else if (ch == '?') {
                elements.add(Element.one(CodePointSet.NOT_SLASH));
                kind = Kind.REGEXP;
            } else if (ch == '\\') {
                if (i + 1 == chars.length) {
                    throw new IllegalArgumentException("pattern '" + text + "' ends with a lone '\\' (Docker refuses"
                            + " it too); write '\\\\' for a backslash");
                }
                elements.add(Element.one(escape(chars[++i], text)));
                kind = Kind.REGEXP;
            } else if (ch == '[') {
                i = characterClass(chars, i, text, elements);
                kind = Kind.REGEXP;
            } else if (ch == ']') {
                elements.add(Element.one(CodePointSet.of(']')));
                kind = Kind.REGEXP;
            } else {
                elements.add(Element.one(CodePointSet.of(ch)));
            }
        }
        GlobAutomaton.Builder automaton = new GlobAutomaton.Builder();
        switch (kind) {
            case EXACT -> elements.forEach(e -> e.addTo(automaton));
            case PREFIX -> {
                elements.forEach(e -> e.addTo(automaton));
                automaton.repeat(CodePointSet.ANY);
            }
            case SUFFIX -> {
                // Docker: path.endsWith(text[2:]), or for "**/lit" also path == "lit"
                String suffix = text.substring(2);
                if (suffix.startsWith("/")) {
                    automaton.optionalDirectories(CodePointSet.ANY);
                    suffix = suffix.substring(1);
                } else {
                    automaton.repeat(CodePointSet.ANY);
                }
                suffix.codePoints().forEach(c -> automaton.one(CodePointSet.of(c)));
            }
            case REGEXP -> elements.forEach(e -> e.addTo(automaton));
        }
        return automaton.build();
    }

    /**
     * Reads {@code [...]} starting at {@code open}, as Docker's matcher reads it (Go's regexp class syntax, within
     * what {@code filepath.Match} accepts), adds it and returns the index of its ']'.
     */
    private static int characterClass(int[] chars, int open, String text, List<Element> elements) {
        int i = open + 1;
        boolean negated = i < chars.length && chars[i] == '^';
        if (negated) {
            i++;
        }
        if (i < chars.length && chars[i] == ']') {
            throw new IllegalArgumentException("empty character class '[]' in pattern '" + text
                    + "' (Docker refuses it too)");
        }
        List<Integer> bounds = new ArrayList<>();
        while (true) {
            if (i >= chars.length) {
                throw new IllegalArgumentException("unterminated character class '[' in pattern '" + text
                        + "' (Docker refuses it too); write '\\[' for a literal '['");
            }
            int ch = chars[i];
            if (ch == ']') {
                break;
            }
            if (ch == '-') {
                throw new IllegalArgumentException("'-' in the character class of pattern '" + text + "' must sit"
                        + " between two characters, as in [a-z] (Docker refuses it too); write '\\-' for a '-'");
            }
            if (ch == '[' && i + 1 < chars.length && chars[i + 1] == ':') {
                int end = indexOf(chars, i + 2, ':', ']');
                if (end >= 0) {
                    String name = new String(chars, i + 2, end - i - 2);
                    boolean complement = name.startsWith("^");
                    int[] ranges = CodePointSet.namedRanges(complement ? name.substring(1) : name);
                    if (ranges == null) {
                        throw new IllegalArgumentException("unknown class '[:" + name + ":]' in pattern '" + text
                                + "' (Docker refuses it too); known: alnum alpha ascii blank cntrl digit graph lower"
                                + " print punct space upper word xdigit");
                    }
                    addAll(bounds, complement ? CodePointSet.complement(ranges) : ranges);
                    i = end + 2;
                    continue;
                }
            }
            int lo;
            if (ch == '\\') {
                if (i + 1 >= chars.length) {
                    i = chars.length;
                    continue; // reported as unterminated
                }
                int escaped = chars[i + 1];
                int[] perl = perlClass(escaped);
                if (perl != null) {
                    addAll(bounds, perl);
                    i += 2;
                    continue;
                }
                lo = escapedCharacter(escaped, text);
                i += 2;
            } else {
                lo = ch;
                i++;
            }
            int hi = lo;
            if (i < chars.length && chars[i] == '-') {
                if (i + 1 >= chars.length || chars[i + 1] == ']') {
                    throw new IllegalArgumentException("'-' ends the character class of pattern '" + text
                            + "' without a range end (Docker refuses it too); write '\\-' for a '-'");
                }
                int end = chars[i + 1];
                i += 2;
                if (end == '\\' && i < chars.length) {
                    end = escapedCharacter(chars[i], text);
                    i++;
                }
                hi = end;
                if (hi < lo) {
                    throw new IllegalArgumentException("reversed range '" + new String(Character.toChars(lo)) + "-"
                            + new String(Character.toChars(hi)) + "' in pattern '" + text + "' (Docker refuses it"
                            + " too)");
                }
            }
            bounds.add(lo);
            bounds.add(hi);
        }
        int[] b = bounds.stream().mapToInt(Integer::intValue).toArray();
        elements.add(Element.one(CodePointSet.ranges(negated, b)));
        return i;
    }

    /** What a '\' followed by {@code c} matches outside a class. */
    private static CodePointSet escape(int c, String text) {
        int[] perl = perlClass(c);
        if (perl != null) {
            return CodePointSet.ranges(false, perl);
        }
        return CodePointSet.of(escapedCharacter(c, text));
    }

    /** {@code \d \s \w} and their complements {@code \D \S \W}, or null. */
    private static int[] perlClass(int c) {
        int[] ranges = CodePointSet.perlRanges(Character.toLowerCase(c));
        if (ranges == null || c >= 128) {
            return null;
        }
        return Character.isUpperCase(c) ? CodePointSet.complement(ranges) : ranges;
    }

    /** The one character {@code \c} stands for: punctuation itself, or a control character. */
    private static int escapedCharacter(int c, String text) {
        switch (c) {
            case 'a':
                return 7;
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 0x0B;
            default:
                if (c < 128 && !Character.isLetterOrDigit(c)) {
                    return c;
                }
                throw new IllegalArgumentException("'\\" + new String(Character.toChars(c)) + "' in pattern '" + text
                        + "' is regular-expression syntax to Docker, which this matcher does not support; remove the"
                        + " '\\' (paths use '/', and '\\' only escapes punctuation such as \\* \\? \\[)");
        }
    }

    private static int indexOf(int[] chars, int from, int first, int second) {
        for (int i = from; i + 1 < chars.length; i++) {
            if (chars[i] == first && chars[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }

    private static void addAll(List<Integer> bounds, int[] ranges) {
        for (int r : ranges) {
            bounds.add(r);
        }
    }

    /** One element of a pattern in the regular-expression kind. */
    private record Element(Type type, CodePointSet set) {
        private enum Type { ONE, REPEAT, OPTIONAL_DIRECTORIES }

        /** {@code *}: Docker's {@code [^/]*}. */
        static final Element STAR = new Element(Type.REPEAT, CodePointSet.NOT_SLASH);
        /** {@code **}{@code /} before more pattern: Docker's <code>(.*&#47;)?</code>. */
        static final Element DIRECTORIES = new Element(Type.OPTIONAL_DIRECTORIES, CodePointSet.NOT_NEWLINE);
        /** {@code **} at the end: Docker's {@code .*}. */
        static final Element REST = new Element(Type.REPEAT, CodePointSet.NOT_NEWLINE);

        static Element one(CodePointSet set) {
            return new Element(Type.ONE, set);
        }

        void addTo(GlobAutomaton.Builder automaton) {
            switch (type) {
                case ONE -> automaton.one(set);
                case REPEAT -> automaton.repeat(set);
                case OPTIONAL_DIRECTORIES -> automaton.optionalDirectories(set);
            }
        }
    }

    @Override
    public String toString() {
        return (reinclude ? "!" : "") + text;
    }
}
