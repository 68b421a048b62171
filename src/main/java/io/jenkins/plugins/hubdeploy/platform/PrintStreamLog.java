package io.jenkins.plugins.hubdeploy.platform;

import java.io.PrintStream;

/** A {@link BuildLog} over a stream: stderr in the CLI, {@code TaskListener.getLogger()} in a step. */
public final class PrintStreamLog implements BuildLog {
    private final PrintStream out;
    private final SecretMasker masker = new SecretMasker();

    public PrintStreamLog(PrintStream out) {
        this.out = out;
    }

    @Override
    public void info(String line) {
        out.println(masker.mask(line));
    }

    @Override
    public void warn(String line) {
        out.println("WARNING: " + masker.mask(line));
    }

    @Override
    public void addSecret(String secret) {
        masker.add(secret);
    }

    @Override
    public String mask(String text) {
        return masker.mask(text);
    }
}
