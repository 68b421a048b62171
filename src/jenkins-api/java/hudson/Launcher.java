// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
    protected Launcher(TaskListener listener, VirtualChannel channel) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public final ProcStarter launch() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public final class ProcStarter {
        private ProcStarter() {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public ProcStarter cmds(List<String> args) {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public ProcStarter envs(Map<String, String> overrides) {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public ProcStarter pwd(FilePath workDir) {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public ProcStarter stdout(OutputStream out) {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public ProcStarter stderr(OutputStream err) {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public ProcStarter quiet(boolean quiet) {
            throw new UnsupportedOperationException("compile-only declaration");
        }

        public Proc start() throws IOException {
            throw new UnsupportedOperationException("compile-only declaration");
        }
    }
}
