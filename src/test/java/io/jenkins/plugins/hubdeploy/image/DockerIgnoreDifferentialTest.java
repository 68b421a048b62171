package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link DockerIgnore} against an independent reference over many generated {@code .dockerignore} files and paths.
 *
 * <p>The reference does not parse patterns: the generator builds each pattern from elements whose meaning it knows
 * (a literal, {@code ?}, {@code *}, {@code **}, a class, an escape), writes their text, and the reference matches the
 * element list with a memoized recursion over (element, position), the textbook glob DP. What it takes from Docker's
 * patternmatcher is written out plainly: the exact/prefix/suffix forms compared with equals/startsWith/endsWith, the
 * meaning of each element in Docker's regular expression ({@code *} is {@code [^/]*}, {@code **}{@code /} is
 * {@code (.*}{@code /)?}, a final {@code **} is {@code .*}, where '.' is anything but a newline), a pattern matching
 * a path or any parent directory, and the last matching line deciding.
 */
class DockerIgnoreDifferentialTest {
    private static final int FILES = 10_000;
    private static final int PATHS_PER_FILE = 25;

    @Test
    void agreesWithTheReferenceOnGeneratedPatternsAndPaths() {
        Random random = new Random(20261201);
        int excluded = 0;
        int included = 0;
        for (int f = 0; f < FILES; f++) {
            List<Generated> lines = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            while (lines.size() < count) {
                Generated line = Generated.random(random);
                if (line != null) {
                    lines.add(line);
                }
            }
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line.reinclude ? "!" : "").append(line.text).append('\n'));
            DockerIgnore ignore = DockerIgnore.parse(text.toString());
            for (int p = 0; p < PATHS_PER_FILE; p++) {
                String path = randomPath(random, lines);
                boolean expected = referenceExcludes(lines, path);
                assertThat(ignore.excludes(path)).as("path '%s' against .dockerignore:%n%s", path.replace("\n", "\\n"),
                        text.toString().replace("\n", "⏎\n")).isEqualTo(expected);
                if (expected) {
                    excluded++;
                } else {
                    included++;
                }
            }
        }
        // the generator must exercise both answers, or agreeing would prove little
        assertThat(excluded).isGreaterThan(FILES * PATHS_PER_FILE / 20);
        assertThat(included).isGreaterThan(FILES * PATHS_PER_FILE / 20);
    }

    /** The issue's case: java.util.regex took exponential time here (killed after 20 s); the automaton is linear. */
    @Test
    void pathologicalPatternFinishesAtOnce() {
        DockerIgnore ignore = DockerIgnore.parse("a*a*a*a*a*a*a*b\na*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 50; i++) {
                assertThat(ignore.excludes("a".repeat(60) + i)).isFalse();
                assertThat(ignore.excludes("a".repeat(60) + "b")).isTrue();
                assertThat(ignore.excludes("dir/" + "a".repeat(60) + i)).isFalse();
            }
        });
    }

    @Test
    void aLineOfManyStarsStaysSmall() {
        DockerIgnore ignore = DockerIgnore.parse("*".repeat(100_001) + "x\n");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(ignore.excludes("a/b/cx")).isTrue();
            assertThat(ignore.excludes("a/b/c")).isFalse();
        });
    }

    // --- the reference ---

    /** Docker's MatchesOrParentMatches: last matching pattern wins, a pattern matches a path or a parent. */
    private static boolean referenceExcludes(List<Generated> lines, String path) {
        boolean matched = false;
        for (Generated line : lines) {
            if (line.reinclude != matched) {
                continue;
            }
            boolean match = line.matches(path);
            String[] parts = path.split("/", -1);
            for (int i = 1; !match && i < parts.length; i++) {
                match = line.matches(String.join("/", java.util.Arrays.copyOf(parts, i)));
            }
            if (match) {
                matched = !line.reinclude;
            }
        }
        return matched;
    }

    private enum Type { ONE, STAR, DOUBLE_STAR, DOUBLE_STAR_SLASH }

    /** One element of a generated pattern: its text and what it means. */
    private record Element(Type type, String text, IntPredicate set, boolean plainLiteral) {
        static Element literal(char c) {
            return new Element(Type.ONE, String.valueOf(c), x -> x == c, true);
        }

        static Element escaped(char c) {
            return new Element(Type.ONE, "\\" + c, x -> x == c, false);
        }

        static Element oneOf(String text, IntPredicate set) {
            return new Element(Type.ONE, text, set, false);
        }
    }

    private static final char[] LITERALS = {'a', 'b', 'c', '.', '-', ' ', '^', '/'};
    private static final Element[] OTHERS = {
            Element.oneOf("?", x -> x != '/'),
            new Element(Type.STAR, "*", null, false),
            new Element(Type.DOUBLE_STAR, "**", null, false),
            new Element(Type.DOUBLE_STAR_SLASH, "**/", null, false),
            Element.escaped('*'), Element.escaped('?'), Element.escaped('['), Element.escaped('\\'),
            Element.escaped(']'), Element.escaped('.'), Element.escaped('_'),
            Element.oneOf("\\d", x -> x >= '0' && x <= '9'),
            Element.oneOf("[ab]", x -> x == 'a' || x == 'b'),
            Element.oneOf("[^a]", x -> x != 'a'),
            Element.oneOf("[a-c]", x -> x >= 'a' && x <= 'c'),
            Element.oneOf("[^/]", x -> x != '/'),
            Element.oneOf("[/]", x -> x == '/'),
            // Docker's translation garbles '*' and '?' inside a class; like filepath.Match, they are members here
            Element.oneOf("[*?]", x -> x == '*' || x == '?'),
            Element.oneOf("[\\]a]", x -> x == ']' || x == 'a'),
            Element.oneOf("[[]", x -> x == '['),
            Element.oneOf("[[:digit:]b]", x -> x == 'b' || (x >= '0' && x <= '9')),
            Element.oneOf("]", x -> x == ']'),
    };

    /** A generated line: its elements, its text (already in Docker's clean form) and whether it is a '!' line. */
    private record Generated(List<Element> elements, String text, boolean reinclude) {
        static Generated random(Random random) {
            List<Element> elements = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                Element next = random.nextInt(5) < 3
                        ? Element.literal(LITERALS[random.nextInt(LITERALS.length)])
                        : OTHERS[random.nextInt(OTHERS.length)];
                Element previous = elements.isEmpty() ? null : elements.get(elements.size() - 1);
                // adjacent stars would be read differently from how they were generated ("*" "**" is "**" "*")
                if (previous != null && previous.type != Type.ONE && next.type != Type.ONE) {
                    continue;
                }
                // Docker eats the '/' after "**": the generator says so with the "**/" element instead
                if (previous != null && previous.type == Type.DOUBLE_STAR && next.text.startsWith("/")) {
                    continue;
                }
                elements.add(next);
            }
            StringBuilder text = new StringBuilder();
            elements.forEach(e -> text.append(e.text));
            String t = text.toString();
            // only lines that Docker's cleaning leaves as they are, so the elements are what Docker reads
            if (t.isEmpty() || !t.strip().equals(t) || t.startsWith("#") || t.startsWith("!") || t.startsWith("/")
                    || t.endsWith("/")) {
                return null;
            }
            for (String segment : t.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return null;
                }
            }
            return new Generated(List.copyOf(elements), t, random.nextInt(4) == 0);
        }

        /** Docker's Pattern.match for this line. */
        boolean matches(String path) {
            boolean allPlain = elements.stream().allMatch(Element::plainLiteral);
            Element first = elements.get(0);
            Element last = elements.get(elements.size() - 1);
            boolean startsWithDoubleStar = first.type == Type.DOUBLE_STAR || first.type == Type.DOUBLE_STAR_SLASH;
            boolean restPlain = elements.stream().skip(1).allMatch(Element::plainLiteral);
            if (allPlain) {
                return path.equals(text);
            }
            if (startsWithDoubleStar && restPlain) {
                String suffix = text.substring(2);
                return path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            boolean lastIsDoubleStar = last.type == Type.DOUBLE_STAR;
            if (lastIsDoubleStar && elements.size() > 1
                    && elements.subList(0, elements.size() - 1).stream().allMatch(Element::plainLiteral)) {
                return path.startsWith(text.substring(0, text.length() - 2));
            }
            int[] cps = path.codePoints().toArray();
            return new Dp(elements, cps).match(0, 0);
        }
    }

    /** Whether elements[e..] match path[p..]: memoized over (e, p), so it is polynomial and obviously terminates. */
    private static final class Dp {
        private final List<Element> elements;
        private final int[] path;
        private final Boolean[][] memo;

        Dp(List<Element> elements, int[] path) {
            this.elements = elements;
            this.path = path;
            this.memo = new Boolean[elements.size() + 1][path.length + 1];
        }

        boolean match(int e, int p) {
            if (memo[e][p] != null) {
                return memo[e][p];
            }
            boolean result;
            if (e == elements.size()) {
                result = p == path.length;
            } else {
                Element el = elements.get(e);
                boolean atEnd = e == elements.size() - 1;
                result = switch (el.type) {
                    case ONE -> p < path.length && el.set.test(path[p]) && match(e + 1, p + 1);
                    case STAR -> runThen(e, p, x -> x != '/');
                    // "**" at the end is Docker's ".*"; elsewhere "(.*/)?"
                    case DOUBLE_STAR -> atEnd ? runThen(e, p, x -> x != '\n') : optionalDirectories(e, p);
                    case DOUBLE_STAR_SLASH -> optionalDirectories(e, p);
                };
            }
            memo[e][p] = result;
            return result;
        }

        /** Any number of characters of {@code set}, then the rest. */
        private boolean runThen(int e, int p, IntPredicate set) {
            for (int k = p; ; k++) {
                if (match(e + 1, k)) {
                    return true;
                }
                if (k == path.length || !set.test(path[k])) {
                    return false;
                }
            }
        }

        /** Nothing, or non-newline characters ending with '/', then the rest. */
        private boolean optionalDirectories(int e, int p) {
            if (match(e + 1, p)) {
                return true;
            }
            for (int k = p; k < path.length && path[k] != '\n'; k++) {
                if (path[k] == '/' && match(e + 1, k + 1)) {
                    return true;
                }
            }
            return false;
        }
    }

    // --- paths ---

    private static final String PATH_CHARS = "abc.- ^*?[]\\/0\n";

    /** Mostly paths built from the patterns' own text (so they often match), else random ones. */
    private static String randomPath(Random random, List<Generated> lines) {
        String path;
        if (random.nextBoolean()) {
            String base = lines.get(random.nextInt(lines.size())).text;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < base.length(); i++) {
                char c = base.charAt(i);
                int roll = random.nextInt(10);
                if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || roll == 0) {
                    sb.append(PATH_CHARS.charAt(random.nextInt(PATH_CHARS.length())));
                } else if (roll != 1) {
                    sb.append(c);
                }
            }
            if (random.nextInt(3) == 0) {
                sb.append('/').append("abc".charAt(random.nextInt(3)));
            }
            path = sb.toString();
        } else {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                sb.append(PATH_CHARS.charAt(random.nextInt(PATH_CHARS.length())));
            }
            path = sb.toString();
        }
        // a path as the walk gives it: relative, no empty, "." or ".." part
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            if (!part.isEmpty() && !part.equals(".") && !part.equals("..")) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? "x" : String.join("/", parts);
    }
}
