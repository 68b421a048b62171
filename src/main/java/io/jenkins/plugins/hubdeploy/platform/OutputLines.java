package io.jenkins.plugins.hubdeploy.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The lines of an echoed process's output kept for its {@link ProcessResult}: the first {@value #HEAD} and the last
 * {@value #TAIL} lines, with a marker for what lies between. An echoed process (a three-hour image build) already
 * has every line in the build log; keeping all of it again in memory (in Jenkins: the controller's) buys nothing,
 * since failures show the tail and tools state their setup errors at the head.
 */
public final class OutputLines {
    static final int HEAD = 100;
    static final int TAIL = 2000;

    private final List<String> head = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long omitted;

    public synchronized void add(String line) {
        if (head.size() < HEAD) {
            head.add(line);
            return;
        }
        tail.addLast(line);
        if (tail.size() > TAIL) {
            tail.removeFirst();
            omitted++;
        }
    }

    /** The kept lines, each ending in a newline. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder();
        head.forEach(line -> out.append(line).append('\n'));
        if (omitted > 0) {
            out.append("... ").append(omitted).append(" lines omitted here (all are in the build log) ...\n");
        }
        tail.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }
}
