package io.jenkins.plugins.hubdeploy.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link ProcessRunner} over {@link ProcessBuilder}: the CLI's, and the one core tests use. */
public final class LocalProcessRunner implements ProcessRunner {
    private final Path workspace;
    private final BuildLog log;

    public LocalProcessRunner(Path workspace, BuildLog log) {
        this.workspace = workspace.toAbsolutePath().normalize();
        this.log = log;
    }

    @Override
    public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv()).directory(workspace.resolve(spec.dir()).toFile());
        builder.environment().putAll(spec.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExecutableNotFoundException(spec.executable(), e);
        }
        process.getOutputStream().close();
        StreamCollector out = new StreamCollector(process.getInputStream(), spec.echo() ? log : null);
        StreamCollector err = new StreamCollector(process.getErrorStream(), spec.echo() ? log : null);
        out.start();
        err.start();
        boolean finished;
        try {
            finished = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            destroy(process);
            throw e;
        }
        if (!finished) {
            destroy(process);
        }
        out.join(5_000);
        err.join(5_000);
        return new ProcessResult(finished ? process.exitValue() : -1, out.text(), err.text(), !finished);
    }

    private static void destroy(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Drains one stream on its own thread so a chatty process never blocks on a full pipe. An echoed stream keeps
     * a bounded head and tail ({@link OutputLines}); any other stream is kept whole (its caller parses it).
     */
    private static final class StreamCollector extends Thread {
        private final InputStream in;
        private final BuildLog echo;
        private final StringBuilder whole = new StringBuilder();
        private final OutputLines bounded = new OutputLines();

        StreamCollector(InputStream in, BuildLog echo) {
            this.in = in;
            this.echo = echo;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (echo == null) {
                        synchronized (whole) {
                            whole.append(line).append('\n');
                        }
                    } else {
                        bounded.add(line);
                        echo.info(line);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what was read so far is kept
            }
        }

        String text() {
            if (echo != null) {
                return bounded.text();
            }
            synchronized (whole) {
                return whole.toString();
            }
        }
    }
}
