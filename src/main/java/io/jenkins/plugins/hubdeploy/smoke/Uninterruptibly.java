package io.jenkins.plugins.hubdeploy.smoke;

/**
 * Runs cleanup with the thread's interrupt flag cleared (HTTP calls would otherwise fail at once after an aborted
 * build) and restores the flag afterwards, so an interruption still ends the run once the hub is clean.
 */
final class Uninterruptibly {
    interface Work {
        void run() throws Exception;
    }

    private Uninterruptibly() {
    }

    /** @return the failure of {@code work}, or null */
    static Exception run(Work work) {
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
