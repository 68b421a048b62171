package io.jenkins.plugins.hubdeploy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A REAL Kubernetes control plane for tests: etcd, kube-apiserver, kube-controller-manager, kube-scheduler (built by
 * {@code bin/install-tools} from k8s.io/kubernetes) and kwok (simulated nodes: pods are scheduled, "start" and become
 * ready, no containers run) on free loopback ports, with a generated CA and three kubeconfigs: admin, the
 * namespace-scoped deployer ({@code examples/rbac/deployer.yaml}) and the read-only preflight identity
 * ({@code examples/rbac/preflight.yaml}). It is {@code bin/test-cluster run DIR --until-stdin-closes} (one
 * implementation for the tests and for people): closing its stdin, or this JVM dying, stops every process; the
 * directory is deleted on {@link #close()}.
 *
 * <p>Use {@link #shared()} (one cluster for the whole test JVM, stopped at exit) and a namespace per test
 * ({@link #newNamespace}). Startup takes a few seconds.
 */
public final class TestCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern EXPORT = Pattern.compile("(\\w+)='([^']*)'");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static TestCluster shared;

    private final Path dir;
    private final Process process;
    private final Map<String, String> env;
    private final String readyLine;

    private TestCluster(Path dir, Process process, Map<String, String> env, String readyLine) {
        this.dir = dir;
        this.process = process;
        this.env = env;
        this.readyLine = readyLine;
    }

    /** The JVM's one cluster, started on first use and stopped when the JVM exits. */
    public static synchronized TestCluster shared() throws IOException, InterruptedException {
        if (shared == null || !shared.process.isAlive()) {
            TestCluster started = start(Files.createTempDirectory("hubdeploy-cluster-"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop the test cluster"));
            shared = started;
        }
        return shared;
    }

    /** Starts a cluster in {@code dir} (created if needed). Skips (fails under CI=true) when a tool is not built. */
    public static TestCluster start(Path dir) throws IOException, InterruptedException {
        for (String[] tool : new String[][]{{"etcd", "etcd"}, {"kube", "kube-apiserver"}, {"kube", "kube-controller-manager"},
                {"kube", "kube-scheduler"}, {"kube", "kubectl"}, {"kwok", "kwok"}}) {
            Tools.require(tool[0], tool[1]);
        }
        Components.require("openssl", "apt-get install -y openssl");
        Components.require("curl", "apt-get install -y curl");
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(Path.of("bin/test-cluster").toAbsolutePath().toString(), "run",
                dir.toString(), "--until-stdin-closes").redirectErrorStream(true).start();
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.offer(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.offer("\0EOF");
        }, "test-cluster output");
        reader.setDaemon(true);
        reader.start();
        List<String> output = new ArrayList<>();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals("\0EOF")) {
                    throw new IOException("bin/test-cluster " + (line == null ? "was not ready within " + READY_TIMEOUT
                            : "exited (" + waitFor(process) + ")") + "; its output:\n" + String.join("\n", output)
                            + "\ncomponent logs: " + tails(dir));
                }
                output.add(line);
                if (line.startsWith("READY")) {
                    return new TestCluster(dir, process, readEnv(dir.resolve("env")), line);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            deleteTree(dir);
            throw e;
        }
    }

    /** The cluster's {@code READY in Ns: https://127.0.0.1:PORT (DIR)} line. */
    public String readyLine() {
        return readyLine;
    }

    public Path dir() {
        return dir;
    }

    /** KUBECONFIG (admin), HELM_BIN, HELM4_BIN, KUBECTL_BIN, SOPS_BIN, AGE_KEYGEN_BIN, HUBDEPLOY_TEST_CLUSTER. */
    public Map<String, String> env() {
        return env;
    }

    public Path adminKubeconfig() {
        return dir.resolve("admin.kubeconfig");
    }

    /** The namespace-scoped deploy identity (examples/rbac/deployer.yaml), bound in every {@link #newNamespace}. */
    public Path deployerKubeconfig() {
        return dir.resolve("deployer.kubeconfig");
    }

    /** The read-only preflight identity (examples/rbac/preflight.yaml), bound in every {@link #newNamespace}. */
    public Path preflightKubeconfig() {
        return dir.resolve("preflight.kubeconfig");
    }

    /** Creates a fresh namespace {@code prefix-N} with the deployer and preflight roles bound in it. */
    public String newNamespace(String prefix) throws IOException, InterruptedException {
        String name = (prefix + "-" + NAMESPACES.incrementAndGet()).toLowerCase();
        Process p = new ProcessBuilder(Path.of("bin/test-cluster").toAbsolutePath().toString(), "namespace", name,
                dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(KUBECTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("bin/test-cluster namespace " + name + " failed: " + out);
        }
        return name;
    }

    /** {@code kubectl args...} as admin; returns stdout, throws with stderr when it fails. */
    public String kubectl(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(env.get("KUBECTL_BIN"), "--kubeconfig", adminKubeconfig().toString()));
        argv.addAll(List.of(args));
        Path err = Files.createTempFile("kubectl-", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(KUBECTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("kubectl " + String.join(" ", args) + " did not finish in " + KUBECTL_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IOException("kubectl " + String.join(" ", args) + " failed: " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Stops every process (closing the script's stdin), waits for them, deletes the directory. Idempotent. */
    @Override
    public void close() {
        stop(process);
        deleteTree(dir);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String waitFor(Process process) throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS) ? "exit " + process.exitValue() : "still running";
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = EXPORT.matcher(Files.readString(file));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        return Map.copyOf(env);
    }

    private static String tails(Path dir) {
        Path logs = dir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "(none)";
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                text.append("\n--- ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException | UncheckedIOException e) {
            text.append("(cannot read: ").append(e.getMessage()).append(')');
        }
        return text.toString();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort; the OS temp cleaner gets the rest
        }
    }
}
