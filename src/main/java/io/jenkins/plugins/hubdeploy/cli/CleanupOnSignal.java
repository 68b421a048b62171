package io.jenkins.plugins.hubdeploy.cli;

/**
 * Ctrl-C or SIGTERM during a command: the JVM runs shutdown hooks but no {@code finally} block of the command. This
 * hook interrupts the command's thread and waits for it (bounded), so cleanup happens as it does on an aborted
 * Jenkins build: the smoke test's user and server are removed, temporary files holding secrets deleted, builder
 * processes killed.
 */
final class CleanupOnSignal {
    private static final long GRACE_MILLIS = 90_000;

    private final Thread command;
    private volatile boolean finished;
    private volatile boolean signalled;

    private CleanupOnSignal(Thread command) {
        this.command = command;
    }

    /** Watches {@code command} (the thread that runs the CLI) until {@link #finished()}. */
    static CleanupOnSignal install(Thread command) {
        CleanupOnSignal hook = new CleanupOnSignal(command);
        Runtime.getRuntime().addShutdownHook(new Thread(hook::onShutdown, "hubdeploy-cleanup-on-signal"));
        return hook;
    }

    /** The command returned: a later shutdown is the normal exit, nothing to wait for. */
    void finished() {
        finished = true;
    }

    /**
     * Whether the JVM is already shutting down because of a signal. Then the command's thread must simply end:
     * {@code System.exit} would block behind this very hook.
     */
    boolean signalled() {
        return signalled;
    }

    private void onShutdown() {
        signalled = true;
        if (finished) {
            return;
        }
        System.err.println("hubdeploy: stopping; cleaning up first (at most " + GRACE_MILLIS / 1000 + " s)");
        command.interrupt();
        try {
            command.join(GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
