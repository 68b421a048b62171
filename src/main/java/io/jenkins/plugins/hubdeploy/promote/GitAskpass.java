package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a {@code GIT_ASKPASS} program into the private scratch directory: git runs it with the prompt as its only
 * argument ("Username for ..." / "Password for ...") and reads the answer from its stdout. The username and password
 * are in 0600 files beside it, read with {@code cat}, so the secret is never on a command line, never in the
 * environment of git or the tools it starts (and never subject to the Launcher's {@code $} expansion). Returns the
 * script's absolute path. The scratch directory is deleted when the promotion ends.
 */
public record GitAskpass(String scratch, GitCredentials credentials) implements AgentTask<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(Path workspace) throws IOException {
        Path dir = Path.of(scratch);
        Path user = dir.resolve("git-username");
        Path password = dir.resolve("git-password");
        ScratchDir.writePrivateFile(user, credentials.username().getBytes(StandardCharsets.UTF_8));
        ScratchDir.writePrivateFile(password, credentials.password().getBytes(StandardCharsets.UTF_8));
        Path script = dir.resolve("git-askpass.sh");
        String text = "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  [Uu]sername*) cat " + quote(user) + " ;;\n"
                + "  *) cat " + quote(password) + " ;;\n"
                + "esac\n"
                + "echo\n";
        ScratchDir.writePrivateFile(script, text.getBytes(StandardCharsets.UTF_8));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return script.toString();
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
