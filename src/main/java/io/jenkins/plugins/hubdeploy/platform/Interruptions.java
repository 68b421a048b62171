package io.jenkins.plugins.hubdeploy.platform;

import java.io.InterruptedIOException;

/**
 * The check every loop driven by repository content makes (file walks, hashing, ignore matching, YAML reading), so
 * an aborted build or a SIGTERM stops it within one iteration instead of running on in an agent's JVM. Like any
 * method that throws {@link InterruptedException}, a check that throws clears the thread's interrupt flag.
 */
public final class Interruptions {
    private Interruptions() {
    }

    public static void check(String what) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(what + " interrupted");
        }
    }

    /** For loops that may throw only {@link java.io.IOException} (file visitors, stream reads). */
    public static void checkIo(String what) throws InterruptedIOException {
        if (Thread.interrupted()) {
            throw new InterruptedIOException(what + " interrupted");
        }
    }
}
