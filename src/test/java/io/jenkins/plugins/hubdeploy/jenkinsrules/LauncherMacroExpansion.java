package io.jenkins.plugins.hubdeploy.jenkinsrules;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code Launcher.LocalLauncher} does to a command before it starts it, reimplemented from the rules read in
 * Jenkins core ({@code Util.replaceMacro}, {@code EnvVars.overrideExpandingAll}/{@code override},
 * {@code LocalLauncher.launch}); written for the tests, no Jenkins code copied:
 * <ul>
 * <li>a variable is {@code $NAME} (letters, digits, underscore), {@code ${NAME}} (also dots) or {@code $$};</li>
 * <li>{@code $$} becomes {@code $}; a known variable its value; an unknown one stays as written;</li>
 * <li>the scan resumes after the replacement, so a replaced value is never expanded again;</li>
 * <li>environment values are expanded against the agent's environment with the earlier overrides applied
 *     ({@code KEY+SUFFIX} prepends to KEY with the path separator; an empty value removes the variable), then every
 *     argument is expanded against the result.</li>
 * </ul>
 * (Jenkins orders the overrides so that a variable is set before one that refers to it; the tests pass values
 * without references, so insertion order is the same.)
 */
public final class LauncherMacroExpansion {
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{[A-Za-z0-9_.]+}|\\$)");

    private LauncherMacroExpansion() {
    }

    public static String expand(String s, Map<String, String> env) {
        int from = 0;
        while (true) {
            Matcher m = VARIABLE.matcher(s);
            if (!m.find(from)) {
                return s;
            }
            String key = m.group(1);
            String value;
            if (key.equals("$")) {
                value = "$";
            } else {
                value = env.get(key.startsWith("{") ? key.substring(1, key.length() - 1) : key);
            }
            if (value == null) {
                from = m.end();
            } else {
                s = s.substring(0, m.start()) + value + s.substring(m.end());
                from = m.start() + value.length();
            }
        }
    }

    /** The process environment: {@code base} (the agent's) overridden by the expanded {@code overrides}. */
    public static Map<String, String> environment(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(base);
        overrides.forEach((key, raw) -> {
            String value = expand(raw, env);
            if (value.isEmpty()) {
                env.remove(key);
                return;
            }
            int plus = key.indexOf('+');
            if (plus > 0) {
                String real = key.substring(0, plus);
                String old = env.get(real);
                env.put(real, old == null ? value : value + File.pathSeparator + old);
            } else {
                env.put(key, value);
            }
        });
        return env;
    }
}
