package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A tool that is not there, told by its exit status. When a shell or {@code env} starts the tool (inside
 * {@code container()} every command runs through {@code sh}; the steps look tools up on the step's PATH through
 * {@code sh} too), a missing program is exit 127 and one that cannot be executed exit 126, with a line naming it,
 * instead of an exception from the process start. Both count as "not found", like an exception from
 * {@link ProcessBuilder#start()}.
 */
public final class MissingTool {
    private static final List<String> PHRASES = List.of("not found", "no such file", "permission denied",
            "cannot execute", "not executable");

    private MissingTool() {
    }

    /** Exit 127/126 with a line that names {@code executable} and says it could not be run. */
    public static boolean reported(String executable, ProcessResult result) {
        if (result.timedOut() || (result.exitCode() != 127 && result.exitCode() != 126)) {
            return false;
        }
        return result.output().lines().map(l -> l.toLowerCase(Locale.ROOT))
                .anyMatch(l -> l.contains(executable.toLowerCase(Locale.ROOT)) && PHRASES.stream().anyMatch(l::contains));
    }

    /** {@code runner} with exit 127/126 for a missing tool turned into {@link ExecutableNotFoundException}. */
    public static ProcessRunner detecting(ProcessRunner runner) {
        if (runner instanceof Detecting) {
            return runner;
        }
        return new Detecting(runner);
    }

    private record Detecting(ProcessRunner runner) implements ProcessRunner {
        @Override
        public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
            ProcessResult result = runner.run(spec);
            if (reported(spec.executable(), result)) {
                throw new ExecutableNotFoundException(spec.executable(), null);
            }
            return result;
        }
    }
}
