package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.OutputLines;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a launched process. Without an echo log it keeps everything for the {@code ProcessResult}
 * (the caller parses it); with one it passes each complete line to it (the log masks secrets) and keeps only a
 * bounded head and tail ({@link OutputLines}): the controller's memory is not a second copy of the build log.
 * Remoting writes from its own thread.
 */
final class CapturedOutput extends OutputStream {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final OutputLines kept = new OutputLines();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final BuildLog echo;

    CapturedOutput(BuildLog echo) {
        this.echo = echo;
    }

    @Override
    public synchronized void write(int b) {
        if (echo == null) {
            all.write(b);
            return;
        }
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void close() {
        if (echo != null && line.size() > 0) {
            flushLine();
        }
    }

    synchronized String text() {
        return echo == null ? all.toString(StandardCharsets.UTF_8) : kept.text();
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        String clean = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        kept.add(clean);
        echo.info(clean);
    }
}
