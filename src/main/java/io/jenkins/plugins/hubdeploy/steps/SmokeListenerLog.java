package io.jenkins.plugins.hubdeploy.steps;

import hudson.model.TaskListener;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;

import java.util.ArrayList;
import java.util.List;

/**
 * The build log as a {@link SerializableBuildLog}: travels with the smoke task to the agent (a {@code TaskListener}
 * is remotable, its lines come back to the controller's log as they are written) and masks the registered secrets
 * on whichever side writes.
 */
final class SmokeListenerLog implements SerializableBuildLog {
    private static final long serialVersionUID = 1L;

    private final TaskListener listener;
    private final List<String> secrets = new ArrayList<>();
    private transient SecretMasker masker;

    SmokeListenerLog(TaskListener listener) {
        this.listener = listener;
    }

    @Override
    public void info(String line) {
        listener.getLogger().println(masker().mask(line));
    }

    @Override
    public void warn(String line) {
        listener.getLogger().println("WARNING: " + masker().mask(line));
    }

    @Override
    public synchronized void addSecret(String secret) {
        if (secret != null && !secret.isBlank() && !secrets.contains(secret)) {
            secrets.add(secret);
            masker().add(secret);
        }
    }

    @Override
    public String mask(String text) {
        return masker().mask(text);
    }

    private synchronized SecretMasker masker() {
        if (masker == null) {
            masker = new SecretMasker();
            secrets.forEach(masker::add);
        }
        return masker;
    }
}
