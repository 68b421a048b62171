package io.jenkins.plugins.hubdeploy.platform;

import java.util.Arrays;
import java.util.List;

/** What an external command did. {@code timedOut} means it was killed after its spec's timeout. */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /**
     * stdout and stderr together. Where the two streams arrive merged (inside the Kubernetes plugin's
     * {@code container()} step everything is on stdout), error recognition must look here, never at one stream.
     */
    public String output() {
        return stdout + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n") + stderr;
    }

    /** The last {@code n} lines of stdout and stderr together: what a failure message shows. */
    public String tail(int n) {
        String all = output().strip();
        List<String> lines = Arrays.asList(all.split("\n"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
