package io.jenkins.plugins.hubdeploy.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external command: an argument array (never a shell string), extra environment variables (added to the
 * agent's own environment), a working directory relative to the workspace root ("" = the root), and a timeout.
 * When {@code echo} is true every output line also goes to the build log as it arrives.
 */
public record ProcessSpec(List<String> argv, Map<String, String> env, String dir, Duration timeout, boolean echo) {
    public ProcessSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(timeout, "timeout");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    public static ProcessSpec of(List<String> argv) {
        return new ProcessSpec(argv, Map.of(), "", Duration.ofMinutes(5), false);
    }

    public ProcessSpec withEnv(Map<String, String> moreEnv) {
        return new ProcessSpec(argv, moreEnv, dir, timeout, echo);
    }

    public ProcessSpec inDir(String relativeDir) {
        return new ProcessSpec(argv, env, relativeDir, timeout, echo);
    }

    public ProcessSpec withTimeout(Duration newTimeout) {
        return new ProcessSpec(argv, env, dir, newTimeout, echo);
    }

    public ProcessSpec echoed() {
        return new ProcessSpec(argv, env, dir, timeout, true);
    }

    public String executable() {
        return argv.get(0);
    }
}
