package io.jenkins.plugins.hubdeploy.platform;

import java.io.Serializable;

/**
 * A {@link BuildLog} an {@link AgentTask} can carry, for long tasks that report progress while they run on the
 * agent. In Jenkins it wraps the step's {@code TaskListener} (remotable); in the CLI the task runs in-process, so
 * {@link #inProcess} wraps the normal log without ever being serialized.
 */
public interface SerializableBuildLog extends BuildLog, Serializable {
    /** For an {@link Agent} that runs tasks in this JVM ({@link LocalAgent}); the wrapped log is not serialized. */
    static SerializableBuildLog inProcess(BuildLog log) {
        return new InProcess(log);
    }

    /** Delegates to a log of this JVM; after (unexpected) serialization it drops lines instead of failing. */
    final class InProcess implements SerializableBuildLog {
        private static final long serialVersionUID = 1L;

        private final transient BuildLog delegate;

        private InProcess(BuildLog delegate) {
            this.delegate = delegate;
        }

        @Override
        public void info(String line) {
            if (delegate != null) {
                delegate.info(line);
            }
        }

        @Override
        public void warn(String line) {
            if (delegate != null) {
                delegate.warn(line);
            }
        }

        @Override
        public void addSecret(String secret) {
            if (delegate != null) {
                delegate.addSecret(secret);
            }
        }

        @Override
        public String mask(String text) {
            // after serialization no secret is known here: nothing may leave unmasked, so nothing leaves
            return delegate != null ? delegate.mask(text) : SecretMasker.MASK;
        }
    }
}
