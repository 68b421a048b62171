// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson;

import hudson.model.TaskListener;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

public abstract class Proc {
    protected Proc() {
    }

    public abstract boolean isAlive() throws IOException, InterruptedException;

    public abstract void kill() throws IOException, InterruptedException;

    public abstract int join() throws IOException, InterruptedException;

    public final int joinWithTimeout(long timeout, TimeUnit unit, TaskListener listener)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
