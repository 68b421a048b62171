package io.jenkins.plugins.hubdeploy.platform;

import java.net.http.HttpClient;

/** What the JDK's {@link HttpClient} lacks on Java 17: a way to end its selector thread when the work is done. */
public final class HttpClients {
    private HttpClients() {
    }

    /**
     * Ends the client's selector thread now instead of at some later garbage collection. On Java 21+ that is
     * {@code HttpClient.close()}. Java 17 has no close: its selector thread ends when interrupted. Besides freeing
     * the thread on a long-lived agent, this matters for the CLI: a JVM exits only after waiting up to 300 ms for
     * threads in native code, and an idle selector sits in {@code epoll_wait} (measured: 300-330 ms on every
     * {@code hubdeploy smoke}, see docs/smoke.md). Call it only when no request of the client is pending.
     */
    public static void close(HttpClient client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort; nothing is pending
            }
            return;
        }
        String name = selectorThreadName(client);
        if (name == null) {
            return;
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                thread.interrupt();
            }
        }
    }

    /** "HttpClient-N-SelectorManager" for the client whose toString ends in "(N)" (JDK 11-20's naming). */
    public static String selectorThreadName(HttpClient client) {
        String text = client.toString();
        int open = text.lastIndexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close <= open + 1 || !text.substring(open + 1, close).chars().allMatch(Character::isDigit)) {
            return null;
        }
        return "HttpClient-" + text.substring(open + 1, close) + "-SelectorManager";
    }
}
