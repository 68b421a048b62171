package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step hands to the {@code Launcher} for one {@link ProcessSpec}, and why:
 * <ul>
 * <li>The Launcher expands {@code $VAR}, {@code ${VAR}} and {@code $$} in every argument and environment value
 *     ({@code Util.replaceMacro}); inside {@code container()} the kubernetes plugin writes every environment value
 *     into a shell script in single quotes (after turning {@code $$} into {@code $}), but every argument in double
 *     quotes, where a backslash, a backtick or {@code $(...)} would still act. So the command and its arguments
 *     travel as environment values ({@code HUBDEPLOY_ARG_1..n}), every {@code $} in a value is passed as {@code $$}
 *     (what durable-task does for {@code sh}), and the only argument is a constant script: the tool receives every
 *     value unchanged in both places.</li>
 * <li>That script ({@code sh -c}) rebuilds the argument list, removes the helper variables and {@code exec}s the
 *     command with the step's environment, so {@code sh} looks the program up on the step's PATH
 *     ({@code withEnv(['PATH+X=...'])}, node properties), as for an {@code sh} step; a JVM would look it up on the
 *     agent process's own PATH. A missing tool is then exit 127 ("not found").</li>
 * <li>When the caller parses the output (not echoed), stdout goes to a file that is read back through the agent:
 *     inside {@code container()} stdout and stderr arrive merged on one stream, so a warning would break JSON.</li>
 * </ul>
 * The scripts contain no backslash or backtick (container() would break them); values are never spliced into them.
 */
public final class LauncherCommand {
    static final String ARG_COUNT = "HUBDEPLOY_ARGC";
    static final String ARG_PREFIX = "HUBDEPLOY_ARG_";
    static final String STDOUT_FILE = "HUBDEPLOY_STDOUT";
    private static final String REBUILD_ARGUMENTS = "i=1; set --; while [ \"$i\" -le \"$" + ARG_COUNT + "\" ]; do "
            + "eval 'set -- \"$@\" \"$" + ARG_PREFIX + "'\"$i\"'\"'; unset \"" + ARG_PREFIX + "$i\"; i=$((i+1)); done; "
            + "unset " + ARG_COUNT + "; ";
    /** {@code sh -c RUN}: run the command, found on the environment's PATH. */
    static final String RUN = REBUILD_ARGUMENTS + "exec \"$@\"";
    /** {@code sh -c RUN_STDOUT_TO_FILE}: the same with stdout written to the file. */
    static final String RUN_STDOUT_TO_FILE = REBUILD_ARGUMENTS + "out=$" + STDOUT_FILE + "; unset " + STDOUT_FILE
            + "; exec \"$@\" >\"$out\"";

    private LauncherCommand() {
    }

    /** The Launcher's command line: the constant script, escaped like every value. */
    public static List<String> argv(ProcessSpec spec, String stdoutFile) {
        return List.of("sh", "-c", escape(stdoutFile == null ? RUN : RUN_STDOUT_TO_FILE));
    }

    /**
     * The step's environment with the spec's variables over it, the command's arguments and the stdout file
     * ({@code stdoutFile}: absolute, on the agent, or null), every value escaped for the Launcher.
     */
    public static Map<String, String> env(Map<String, String> stepEnv, ProcessSpec spec, String stdoutFile) {
        Map<String, String> all = new LinkedHashMap<>(stepEnv);
        all.putAll(spec.env());
        all.put(ARG_COUNT, String.valueOf(spec.argv().size()));
        for (int i = 0; i < spec.argv().size(); i++) {
            all.put(ARG_PREFIX + (i + 1), spec.argv().get(i));
        }
        if (stdoutFile != null) {
            all.put(STDOUT_FILE, stdoutFile);
        }
        Map<String, String> escaped = new LinkedHashMap<>();
        all.forEach((k, v) -> escaped.put(k, escape(v)));
        return escaped;
    }

    /** {@code $} as {@code $$}: what the Launcher's macro expansion turns back into one {@code $}. */
    public static String escape(String value) {
        return value.replace("$", "$$");
    }
}
