package io.jenkins.plugins.hubdeploy.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a deploy would change in the release's user-supplied values ({@code helm get values -o json} of the live
 * release against the merged values of this deploy), one line per leaf: {@code + path: value}, {@code - path},
 * {@code ~ path: old -> new}. A path that comes from a secrets file shows {@code (secret)} instead of any value.
 */
public final class ValuesDiff {
    private ValuesDiff() {
    }

    public static List<String> lines(Map<String, Object> live, Map<String, Object> next, Set<String> secretPaths) {
        return lines(live, next, secretPaths, Set.of(), false, false);
    }

    /**
     * A preflight's diff, with secrets files left out of {@code next}.
     *
     * @param leftOutPaths paths the left-out files define: not compared at all (the live release has them, the
     *                     preflight does not: they are not removals)
     * @param keysUnknown  some left-out file's keys are unknown: a live path {@code next} lacks is reported as
     *                     {@code ? path: unknown (a secrets file was left out)}, not as a removal
     * @param hideLive     never print a live value ({@code ~ path: (live value not shown) -> new}): the live release
     *                     holds the environment's secrets, and a pull request that moves a secret's key from a
     *                     secrets file into a plain one would otherwise read its live value here
     */
    public static List<String> lines(Map<String, Object> live, Map<String, Object> next, Set<String> secretPaths,
                                     Set<String> leftOutPaths, boolean keysUnknown, boolean hideLive) {
        Map<String, String> before = Values.flatten(live);
        Map<String, String> after = Values.flatten(next);
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String path : paths) {
            if (under(path, leftOutPaths)) {
                continue;
            }
            String old = before.get(path);
            String now = after.get(path);
            boolean secret = secretPaths.contains(path);
            if (old == null) {
                out.add("+ " + path + ": " + (secret ? "(secret)" : now));
            } else if (now == null) {
                out.add(keysUnknown ? "? " + path + ": unknown (a secrets file was left out)" : "- " + path);
            } else if (!old.equals(now)) {
                out.add("~ " + path + ": " + (secret ? "(secret changed)"
                        : (hideLive ? "(live value not shown)" : old) + " -> " + now));
            }
        }
        return out;
    }

    /** {@code path} is one of {@code prefixes} or lies below one (a left-out file may set a whole map or list). */
    private static boolean under(String path, Set<String> prefixes) {
        for (String p : prefixes) {
            if (path.equals(p) || path.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }
}
