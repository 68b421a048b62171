package io.jenkins.plugins.hubdeploy.platform;

/** A {@link BuildLog} that starts every line with {@code [name] }: one deployment's lines among several running at once. */
public final class PrefixedLog implements BuildLog {
    private final BuildLog delegate;
    private final String prefix;

    public PrefixedLog(BuildLog delegate, String name) {
        this.delegate = delegate;
        this.prefix = "[" + name + "] ";
    }

    @Override
    public void info(String line) {
        delegate.info(prefix + line);
    }

    @Override
    public void warn(String line) {
        delegate.warn(prefix + line);
    }

    @Override
    public void addSecret(String secret) {
        delegate.addSecret(secret);
    }

    @Override
    public String mask(String text) {
        return delegate.mask(text);
    }
}
