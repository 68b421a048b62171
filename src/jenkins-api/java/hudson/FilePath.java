// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
package hudson;

import hudson.remoting.VirtualChannel;
import org.jenkinsci.remoting.RoleSensitive;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;

public final class FilePath {
    private FilePath() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
