package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Files a deploy reads and writes beside the workspace, through {@link AgentTask}s because in Jenkins they live on
 * the agent. Generated and decrypted values go to a private (0700) {@code <workspace>@tmp/hubdeploy-*} directory,
 * each file 0600, and the directory is deleted in a finally: outside the repository, so nothing decrypted can be
 * committed or archived by accident, and on the workspace volume a {@code container('helm')} shares.
 */
public final class DeployFiles {
    /** {@code \0GITCRYPT\0}: the header of a file git-crypt encrypted (a locked checkout). */
    static final byte[] GIT_CRYPT_HEADER = "\0GITCRYPT\0".getBytes(StandardCharsets.US_ASCII);

    private DeployFiles() {
    }

    /** How a values file is stored: plain YAML, sops-encrypted YAML, or still locked by git-crypt. */
    public enum Kind { PLAIN, SOPS, GIT_CRYPT }

    /** A values file's absolute path, kind and (for PLAIN and SOPS) text. */
    public record Inspected(String path, String absolutePath, Kind kind, String text) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Reads one repository-relative values file; exit 2 when it does not exist. */
    public record Inspect(String path) implements AgentTask<Inspected> {
        private static final long serialVersionUID = 1L;

        @Override
        public Inspected call(Path workspace) throws IOException, HubDeployException {
            Path file = workspace.resolve(path).normalize();
            if (!Files.isRegularFile(file)) {
                throw HubDeployException.usage("values file " + path + " (relative to the repository root) does not "
                        + "exist; create it or remove it from the environment's 'values' list");
            }
            byte[] head = new byte[GIT_CRYPT_HEADER.length];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n == head.length && Arrays.equals(head, GIT_CRYPT_HEADER)) {
                return new Inspected(path, file.toString(), Kind.GIT_CRYPT, null);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new Inspected(path, file.toString(), SopsFiles.isSopsEncrypted(text) ? Kind.SOPS : Kind.PLAIN, text);
        }
    }

    /** Writes {@code content} to an absolute path as a new 0600 file (replacing an older one). */
    public record WritePrivate(String file, String content) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException {
            Path path = Path.of(file);
            ScratchDir.writePrivateFile(path, content.getBytes(StandardCharsets.UTF_8));
            return path.toString();
        }
    }

    /** Reads a file by absolute path (a decrypted values file); exit 3 when the tool that should write it did not. */
    public record ReadText(String file) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException, HubDeployException {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw HubDeployException.environment(file + " was not written; check the tool that should have written it");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }
    }

    /** Writes a repository-relative file (the deploy record), creating its directory. */
    public record WriteWorkspaceFile(String path, String content) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException {
            Path file = workspace.resolve(path).normalize();
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file.toString();
        }
    }

}
