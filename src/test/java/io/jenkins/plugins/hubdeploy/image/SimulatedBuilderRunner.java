package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SIMULATED builder for the two tools that cannot run on these machines (no Docker engine for buildx, no kaniko
 * container): records each command, captures the auth file it was pointed at (content and permissions, while it
 * exists), writes the digest/metadata file the real tool would write, and answers with a chosen exit code and output.
 */
final class SimulatedBuilderRunner implements ProcessRunner {
    static final String DIGEST = "sha256:" + "c0ffee".repeat(10) + "abcd";

    final List<ProcessSpec> specs = new CopyOnWriteArrayList<>();
    final List<String> authFileContents = new CopyOnWriteArrayList<>();
    final List<String> authFilePermissions = new CopyOnWriteArrayList<>();
    /** For each command with DOCKER_CONFIG: whether its cli-plugins entry was a link (to the user's plugins). */
    final List<Boolean> pluginsLinked = new CopyOnWriteArrayList<>();
    private final int exitCode;
    private final String output;

    SimulatedBuilderRunner(int exitCode, String output) {
        this.exitCode = exitCode;
        this.output = output;
    }

    @Override
    public ProcessResult run(ProcessSpec spec) throws IOException {
        specs.add(spec);
        String dockerConfig = spec.env().get("DOCKER_CONFIG");
        if (dockerConfig != null) {
            Path file = Path.of(dockerConfig, "config.json");
            authFileContents.add(Files.readString(file));
            authFilePermissions.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            pluginsLinked.add(Files.isSymbolicLink(Path.of(dockerConfig, "cli-plugins")));
        }
        List<String> argv = spec.argv();
        if (exitCode == 0) {
            int metadata = argv.indexOf("--metadata-file");
            if (metadata >= 0) {
                Files.writeString(Path.of(argv.get(metadata + 1)),
                        "{\"buildx.build.ref\":\"x\",\"containerimage.digest\":\"" + DIGEST + "\"}");
            }
            int digest = argv.indexOf("--digest-file");
            if (digest >= 0) {
                Files.writeString(Path.of(argv.get(digest + 1)), DIGEST);
            }
        }
        return new ProcessResult(exitCode, output, "", false);
    }
}
