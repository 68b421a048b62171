package io.jenkins.plugins.hubdeploy.testing;

import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;

/**
 * A runner whose results look like those of a command run inside the kubernetes plugin's {@code container()}:
 * stderr is merged into stdout (the error stream is empty), and a missing program is the container shell's exit
 * 127 with its "not found" line instead of an exception. Wraps any runner (a real one or a stand-in).
 */
public final class MergedStreamsRunner implements ProcessRunner {
    private final ProcessRunner delegate;

    public MergedStreamsRunner(ProcessRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
        try {
            ProcessResult r = delegate.run(spec);
            return new ProcessResult(r.exitCode(), r.output(), "", r.timedOut());
        } catch (ExecutableNotFoundException e) {
            return new ProcessResult(127, "sh: 1: " + spec.executable() + ": not found\n", "", false);
        }
    }
}
