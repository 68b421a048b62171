package io.jenkins.plugins.hubdeploy.image;

import java.util.Arrays;
import java.util.Map;

/**
 * A set of Unicode code points, as one position of a {@code .dockerignore} pattern matches them: a single character,
 * "anything but '/'", a {@code [...]} class (ranges, possibly negated), or one of the classes Go's regular
 * expressions name ({@code \d}, {@code [:alpha:]}, ...; ASCII only, as in Go).
 */
final class CodePointSet {
    /** {@code ?} and {@code *}: any character except the path separator. */
    static final CodePointSet NOT_SLASH = ranges(false, '/', '/').negate();
    /** Go's {@code .} without the s flag: any character except a newline. */
    static final CodePointSet NOT_NEWLINE = ranges(false, '\n', '\n').negate();
    static final CodePointSet ANY = new CodePointSet(new int[0], true);

    private static final Map<String, int[]> NAMED = Map.ofEntries(
            Map.entry("alnum", new int[] {'0', '9', 'A', 'Z', 'a', 'z'}),
            Map.entry("alpha", new int[] {'A', 'Z', 'a', 'z'}),
            Map.entry("ascii", new int[] {0, 0x7F}),
            Map.entry("blank", new int[] {'\t', '\t', ' ', ' '}),
            Map.entry("cntrl", new int[] {0, 0x1F, 0x7F, 0x7F}),
            Map.entry("digit", new int[] {'0', '9'}),
            Map.entry("graph", new int[] {'!', '~'}),
            Map.entry("lower", new int[] {'a', 'z'}),
            Map.entry("print", new int[] {' ', '~'}),
            Map.entry("punct", new int[] {'!', '/', ':', '@', '[', '`', '{', '~'}),
            Map.entry("space", new int[] {'\t', '\r', ' ', ' '}),
            Map.entry("upper", new int[] {'A', 'Z'}),
            Map.entry("word", new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}),
            Map.entry("xdigit", new int[] {'0', '9', 'A', 'F', 'a', 'f'}));
    /** Go's Perl classes: {@code \d}, {@code \s} (no vertical tab), {@code \w}. */
    private static final Map<Integer, int[]> PERL = Map.of(
            (int) 'd', NAMED.get("digit"),
            (int) 's', new int[] {'\t', '\n', '\f', '\r', ' ', ' '},
            (int) 'w', NAMED.get("word"));

    /** Sorted, non-overlapping inclusive ranges: lo0, hi0, lo1, hi1, ... */
    private final int[] ranges;
    private final boolean negated;
    private final int single;

    private CodePointSet(int[] ranges, boolean negated) {
        this.ranges = ranges;
        this.negated = negated;
        this.single = !negated && ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
    }

    static CodePointSet of(int codePoint) {
        return new CodePointSet(new int[] {codePoint, codePoint}, false);
    }

    /** @param bounds lo, hi pairs in any order (they are sorted and merged) */
    static CodePointSet ranges(boolean negated, int... bounds) {
        int[][] pairs = new int[bounds.length / 2][];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new int[] {bounds[2 * i], bounds[2 * i + 1]};
        }
        Arrays.sort(pairs, (a, b) -> Integer.compare(a[0], b[0]));
        int[] merged = new int[bounds.length];
        int n = 0;
        for (int[] pair : pairs) {
            if (n > 0 && pair[0] <= merged[n - 1] + 1) {
                merged[n - 1] = Math.max(merged[n - 1], pair[1]);
            } else {
                merged[n++] = pair[0];
                merged[n++] = pair[1];
            }
        }
        return new CodePointSet(Arrays.copyOf(merged, n), negated);
    }

    /** A POSIX class name as in {@code [[:alpha:]]} (with a leading '^' for its complement), or null. */
    static int[] namedRanges(String name) {
        return NAMED.get(name);
    }

    /** The ranges of {@code \d}, {@code \s}, {@code \w} (lower case letter), or null for another letter. */
    static int[] perlRanges(int letter) {
        return PERL.get(letter);
    }

    /** The set of everything not in {@code ranges} (for {@code \D}, {@code [:^alpha:]}). */
    static int[] complement(int[] ranges) {
        CodePointSet set = ranges(false, ranges);
        int[] out = new int[set.ranges.length + 2];
        int n = 0;
        int next = 0;
        for (int i = 0; i < set.ranges.length; i += 2) {
            if (set.ranges[i] > next) {
                out[n++] = next;
                out[n++] = set.ranges[i] - 1;
            }
            next = set.ranges[i + 1] + 1;
        }
        if (next <= Character.MAX_CODE_POINT) {
            out[n++] = next;
            out[n++] = Character.MAX_CODE_POINT;
        }
        return Arrays.copyOf(out, n);
    }

    /** The one code point this set holds, or -1 when it holds none or several. */
    int single() {
        return single;
    }

    CodePointSet negate() {
        return new CodePointSet(ranges, !negated);
    }

    boolean contains(int codePoint) {
        if (single >= 0) {
            return codePoint == single;
        }
        boolean in = false;
        for (int i = 0; i < ranges.length && codePoint >= ranges[i]; i += 2) {
            if (codePoint <= ranges[i + 1]) {
                in = true;
                break;
            }
        }
        return in != negated;
    }
}
