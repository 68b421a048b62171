package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared pieces of the builder and registry tests. */
final class BuilderTestSupport {
    private BuilderTestSupport() {
    }

    /** A {@link ProcessRunner} wrapper that records every command (argv and env) before running it. */
    static final class RecordingRunner implements ProcessRunner {
        final List<ProcessSpec> specs = new CopyOnWriteArrayList<>();
        private final ProcessRunner delegate;

        RecordingRunner(ProcessRunner delegate) {
            this.delegate = delegate;
        }

        @Override
        public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
            specs.add(spec);
            return delegate.run(spec);
        }

        /** Every argv element and env value of every recorded command. */
        List<String> everything() {
            return specs.stream().flatMap(s -> java.util.stream.Stream.concat(s.argv().stream(),
                    s.env().values().stream())).toList();
        }
    }

    /** Writes {@code <repo>/<context>/Dockerfile} and the given files (copies of existing files) into the context. */
    static ImageSpec context(Path repo, String context, String dockerfile, Map<String, Path> files) throws IOException {
        Path dir = repo.resolve(context);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Files.copy(file.getValue(), dir.resolve(file.getKey()));
        }
        return new ImageSpec("unused", context, context + "/Dockerfile", "singleuser.image", Map.of(), null);
    }

    static BuildRequest request(ImageSpec image, ImageName name, String tag, boolean push, RegistryCredentials creds) {
        return new BuildRequest(image, name, tag, push, false, null, null, false, creds);
    }
}
