package io.jenkins.plugins.hubdeploy.testing;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link BuildLog} that keeps every line exactly as given (no masking), so tests see what the code emitted and
 * which secrets it registered. Thread-safe: capabilities log from worker threads.
 */
public final class CollectingLog implements BuildLog {
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<String> secrets = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARNING: " + line);
    }

    @Override
    public void addSecret(String secret) {
        secrets.add(secret);
    }

    /** Masks like the real logs do, so a test can check what a failure message would show. */
    @Override
    public String mask(String text) {
        SecretMasker masker = new SecretMasker();
        secrets.forEach(masker::add);
        return masker.mask(text);
    }

    public String text() {
        return String.join("\n", lines);
    }
}
