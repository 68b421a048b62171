package io.jenkins.plugins.hubdeploy.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled {@code .dockerignore} pattern as a non-deterministic automaton, simulated over all its states at once
 * (the way RE2, and so Docker, matches): time is O(path length x pattern length) whatever the pattern, where the
 * backtracking {@code java.util.regex} took exponential time on {@code a*a*a*a*a*a*a*b} against a long run of 'a'.
 *
 * <p>States follow the pattern's elements left to right; every empty move goes forward, so one ascending pass
 * closes a state set. Sets are bit sets, so a step costs O(states / 64 + active states). Most paths fail a typical
 * pattern on its literal head or tail ({@code node_modules}, {@code *.pyc}), which two string comparisons check
 * before the simulation runs.
 */
final class GlobAutomaton {
    private static final byte ONE = 0;       // one character of the set, then the next state
    private static final byte REPEAT = 1;    // any number of characters of the set (zero included), then the next state
    private static final byte DIRS_ENTRY = 2; // "(x*/)?": skip it (state + 2), or enter its body (state + 1)
    private static final byte DIRS_BODY = 3; // characters of the set, then a '/' to leave (state + 1)
    private static final byte ACCEPT = 4;

    private final byte[] kinds;
    private final CodePointSet[] sets;
    private final int accept;
    /** The literal characters every match starts with. */
    private final String head;
    /** The literal characters every match ends with. */
    private final String tail;

    private GlobAutomaton(byte[] kinds, CodePointSet[] sets) {
        this.kinds = kinds;
        this.sets = sets;
        this.accept = kinds.length - 1;
        StringBuilder h = new StringBuilder();
        for (int s = 0; s < accept && kinds[s] == ONE && sets[s].single() >= 0; s++) {
            h.appendCodePoint(sets[s].single());
        }
        this.head = h.toString();
        StringBuilder t = new StringBuilder();
        for (int s = accept - 1; s >= 0 && kinds[s] == ONE && sets[s].single() >= 0; s--) {
            t.appendCodePoint(sets[s].single());
        }
        this.tail = t.reverse().toString();
    }

    /** Builds an automaton element by element. */
    static final class Builder {
        private final List<Byte> kinds = new ArrayList<>();
        private final List<CodePointSet> sets = new ArrayList<>();

        /** One character of {@code set}. */
        Builder one(CodePointSet set) {
            return add(ONE, set);
        }

        /** Zero or more characters of {@code set}. */
        Builder repeat(CodePointSet set) {
            return add(REPEAT, set);
        }

        /**
         * Nothing, or characters of {@code set} ending with a '/': Docker's <code>(.*&#47;)?</code>. Two in a row
         * accept the same paths as one, so a run of them stays one (a line of a thousand '*' stays small).
         */
        Builder optionalDirectories(CodePointSet set) {
            int n = kinds.size();
            if (n >= 2 && kinds.get(n - 2) == DIRS_ENTRY && sets.get(n - 1) == set) {
                return this;
            }
            add(DIRS_ENTRY, null);
            return add(DIRS_BODY, set);
        }

        GlobAutomaton build() {
            add(ACCEPT, null);
            byte[] k = new byte[kinds.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = kinds.get(i);
            }
            return new GlobAutomaton(k, sets.toArray(new CodePointSet[0]));
        }

        private Builder add(byte kind, CodePointSet set) {
            kinds.add(kind);
            sets.add(set);
            return this;
        }
    }

    /** Words of a state bit set for this automaton. */
    int words() {
        return (kinds.length + 63) >>> 6;
    }

    /**
     * Whether the pattern matches {@code path} or one of its parent directories (a prefix ending before a '/'),
     * in one pass over the path: Docker's "a directory excluded excludes its contents".
     *
     * @param current scratch bit set of at least {@link #words()} words
     * @param next    another one
     */
    boolean matchesPathOrParent(String path, long[] current, long[] next) {
        if (!path.startsWith(head) || !endsWithTailAtABoundary(path)) {
            return false;
        }
        int words = words();
        Arrays.fill(current, 0, words, 0L);
        set(current, 0);
        close(current, words);
        for (int i = 0; i < path.length(); ) {
            int cp = path.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '/' && has(current, accept)) {
                return true;
            }
            Arrays.fill(next, 0, words, 0L);
            boolean any = false;
            for (int w = 0; w < words; w++) {
                for (long bits = current[w]; bits != 0; bits &= bits - 1) {
                    int s = (w << 6) + Long.numberOfTrailingZeros(bits);
                    switch (kinds[s]) {
                        case ONE -> {
                            if (sets[s].contains(cp)) {
                                set(next, s + 1);
                                any = true;
                            }
                        }
                        case REPEAT -> {
                            if (sets[s].contains(cp)) {
                                set(next, s);
                                any = true;
                            }
                        }
                        case DIRS_BODY -> {
                            if (sets[s].contains(cp)) {
                                set(next, s);
                                any = true;
                            }
                            if (cp == '/') {
                                set(next, s + 1);
                                any = true;
                            }
                        }
                        default -> {
                            // DIRS_ENTRY has only empty moves; ACCEPT has none
                        }
                    }
                }
            }
            if (!any) {
                return false;
            }
            close(next, words);
            long[] swap = current;
            current = next;
            next = swap;
        }
        return has(current, accept);
    }

    /** Whether the path, or a parent directory of it, ends with {@link #tail}: every match must. */
    private boolean endsWithTailAtABoundary(String path) {
        if (tail.isEmpty() || path.endsWith(tail)) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (slash >= tail.length() && path.startsWith(tail, slash - tail.length())) {
                return true;
            }
        }
        return false;
    }

    /** Adds the states reachable by empty moves; they all go forward, so one ascending pass suffices. */
    private void close(long[] states, int words) {
        for (int w = 0; w < words; w++) {
            long bits = states[w];
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int s = (w << 6) + bit;
                byte kind = kinds[s];
                if (kind == REPEAT) {
                    bits |= add(states, s + 1, w);
                } else if (kind == DIRS_ENTRY) {
                    bits |= add(states, s + 1, w);
                    bits |= add(states, s + 2, w);
                }
            }
        }
    }

    /** Sets state {@code s}; returns its bit when it lies in word {@code w} (still to be scanned), else 0. */
    private static long add(long[] states, int s, int w) {
        long bit = 1L << (s & 63);
        if ((states[s >>> 6] & bit) != 0) {
            return 0L;
        }
        states[s >>> 6] |= bit;
        return (s >>> 6) == w ? bit : 0L;
    }

    private static void set(long[] states, int s) {
        states[s >>> 6] |= 1L << (s & 63);
    }

    private static boolean has(long[] states, int s) {
        return (states[s >>> 6] & (1L << (s & 63))) != 0;
    }
}
