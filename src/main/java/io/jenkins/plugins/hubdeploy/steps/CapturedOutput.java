package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a launched process: keeps everything for the {@code ProcessResult} and, when an echo log
 * is given, passes each complete line to it (the log masks secrets). Remoting writes from its own thread.
 */
final class CapturedOutput extends OutputStream {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final BuildLog echo;

    CapturedOutput(BuildLog echo) {
        this.echo = echo;
    }

    @Override
    public synchronized void write(int b) {
        all.write(b);
        if (echo == null) {
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
        return all.toString(StandardCharsets.UTF_8);
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        echo.info(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
