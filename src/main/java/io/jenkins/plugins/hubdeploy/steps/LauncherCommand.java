package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step hands to the {@code Launcher} for one {@link ProcessSpec}, and why:
 * <ul>
 * <li>The Launcher expands {@code $VAR}, {@code ${VAR}} and {@code $$} in every argument and environment value
 *     ({@code Util.replaceMacro}); inside {@code container()} the kubernetes plugin turns {@code $$} into {@code \$}
 *     within double quotes. So every {@code $} is passed as {@code $$}, as durable-task does for {@code sh}: the tool
 *     receives the value unchanged in both places.</li>
 * <li>The program is started by {@code sh} with the step's environment, so {@code sh} looks it up on the step's
 *     PATH ({@code withEnv(['PATH+X=...'])}, node properties), as it does for an {@code sh} step; a JVM would look
 *     it up on the agent process's own PATH. A missing tool is then exit 127 ("not found").</li>
 * <li>When the caller parses the output (not echoed), stdout goes to a file that is read back through the agent:
 *     inside {@code container()} stdout and stderr arrive merged on one stream, so a warning would break JSON.</li>
 * </ul>
 * The two shell scripts are constants; the command and its arguments are passed to them as positional
 * parameters ({@code "$@"}), never spliced into a shell string.
 */
public final class LauncherCommand {
    /** {@code sh -c SCRIPT sh cmd args...}: run cmd, found on the environment's PATH. */
    static final String RUN = "exec \"$@\"";
    /** {@code sh -c SCRIPT sh FILE cmd args...}: the same with stdout written to FILE. */
    static final String RUN_STDOUT_TO_FILE = "out=$1; shift; exec \"$@\" >\"$out\"";

    private LauncherCommand() {
    }

    /** The Launcher's command line for {@code spec}; {@code stdoutFile} (absolute, on the agent) or null. */
    public static List<String> argv(ProcessSpec spec, String stdoutFile) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", stdoutFile == null ? RUN : RUN_STDOUT_TO_FILE, "sh"));
        if (stdoutFile != null) {
            argv.add(stdoutFile);
        }
        argv.addAll(spec.argv());
        return argv.stream().map(LauncherCommand::escape).toList();
    }

    /** The step's environment with the spec's variables over it, every value escaped for the Launcher. */
    public static Map<String, String> env(Map<String, String> stepEnv, Map<String, String> specEnv) {
        Map<String, String> all = new LinkedHashMap<>(stepEnv);
        all.putAll(specEnv);
        Map<String, String> escaped = new LinkedHashMap<>();
        all.forEach((k, v) -> escaped.put(k, escape(v)));
        return escaped;
    }

    /** {@code $} as {@code $$}: what the Launcher's macro expansion turns back into one {@code $}. */
    public static String escape(String value) {
        return value.replace("$", "$$");
    }
}
