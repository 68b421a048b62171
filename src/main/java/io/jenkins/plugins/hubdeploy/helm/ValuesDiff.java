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
        Map<String, String> before = Values.flatten(live);
        Map<String, String> after = Values.flatten(next);
        Set<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String path : paths) {
            String old = before.get(path);
            String now = after.get(path);
            boolean secret = secretPaths.contains(path);
            if (old == null) {
                out.add("+ " + path + ": " + (secret ? "(secret)" : now));
            } else if (now == null) {
                out.add("- " + path);
            } else if (!old.equals(now)) {
                out.add("~ " + path + ": " + (secret ? "(secret changed)" : old + " -> " + now));
            }
        }
        return out;
    }
}
