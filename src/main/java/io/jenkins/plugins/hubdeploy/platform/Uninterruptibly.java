package io.jenkins.plugins.hubdeploy.platform;

/**
 * Runs cleanup with the thread's interrupt flag cleared (HTTP calls and {@code FilePath.act} would otherwise fail at
 * once after an aborted build or a Ctrl-C) and restores the flag afterwards, so the interruption still ends the work
 * once the cleanup is done.
 */
public final class Uninterruptibly {
    /** Cleanup work. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private Uninterruptibly() {
    }

    /** @return the failure of {@code work}, or null; never throws */
    public static Exception run(Work work) {
        boolean interrupted = Thread.interrupted();
        try {
            work.run();
            return null;
        } catch (InterruptedException e) {
            interrupted = true;
            return e;
        } catch (Exception e) {
            return e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
