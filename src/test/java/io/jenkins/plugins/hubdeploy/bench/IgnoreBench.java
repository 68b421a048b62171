package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.testing.HeavyContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code hubdeploy tags} before and after the linear-time {@code .dockerignore} matcher (issue 12), each a
 * {@code java -jar} process, on: the pathological context, TagBench's 100-image repository (clean checkout
 * and without git), the same with a 40-line .dockerignore per image, and SIGTERM during a long tag computation.
 * Run it with {@code bench/dockerignore.sh}; see bench/README.md.
 *
 * <pre>IgnoreBench --before JAR --after JAR [--runs 3] [--timeout 30] [--no-sigterm | --only-sigterm] [--keep]</pre>
 */
public final class IgnoreBench {
    /** A .dockerignore as a DataHub-like image might carry: 40 lines, wildcards, '**', one re-include. */
    static final String REALISTIC_IGNORE = String.join("\n",
            "# editor, VCS and OS noise", ".git", ".gitignore", "**/.DS_Store", "**/*.swp", "**/*~", ".idea",
            ".vscode", "# python", "**/__pycache__", "**/*.py[cod]", "**/*.egg-info", ".pytest_cache", ".mypy_cache",
            ".tox", "build", "dist", "*.log", "# notebooks", "**/.ipynb_checkpoints", "# docs and tests",
            "docs/**/*.md", "!docs/README.md", "tests", "test_*.py", "**/*_test.py", "# data", "data/*.csv",
            "data/*.parquet", "**/*.h5", "**/*.zip", "**/*.tar.gz", "# local config", ".env", "*.local.yaml",
            "secrets", "**/node_modules", "npm-debug.log*", "coverage", "htmlcov", "") + "\n";

    private final Path before;
    private final Path after;
    private final int runs;
    private final long timeoutSeconds;

    private IgnoreBench(Path before, Path after, int runs, long timeoutSeconds) {
        this.before = before;
        this.after = after;
        this.runs = runs;
        this.timeoutSeconds = timeoutSeconds;
    }

    public static void main(String[] args) throws Exception {
        Path before = null;
        Path after = null;
        int runs = 3;
        long timeout = 30;
        boolean sigterm = true;
        boolean onlySigterm = false;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--before" -> before = Path.of(args[++i]);
                case "--after" -> after = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                case "--no-sigterm" -> sigterm = false;
                case "--only-sigterm" -> onlySigterm = true;
                case "--keep" -> keep = true;
                default -> usage();
            }
        }
        if (before == null || after == null) {
            usage();
        }
        Path root = Files.createTempDirectory("hubdeploy-ignorebench");
        try {
            IgnoreBench bench = new IgnoreBench(before, after, runs, timeout);
            if (onlySigterm) {
                bench.sigtermRow(root);
            } else {
                bench.run(root, sigterm);
            }
        } finally {
            if (keep) {
                System.err.println("kept " + root);
            } else {
                TagBench.deleteTree(root);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: IgnoreBench --before JAR --after JAR [--runs 3] [--timeout 30] [--no-sigterm | --only-sigterm]"
                + " [--keep]");
        System.exit(2);
    }

    private void run(Path root, boolean sigterm) throws Exception {
        Path pathological = pathological(root.resolve("pathological"));
        Path repo = root.resolve("repo");
        new TagBench(new int[] {100}, 300, 50, 1).generate(repo, 100);
        writeConfig(repo, 100);
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "hubdeploy.yaml");
        Path plain = root.resolve("plain");
        TagBench.copyWithoutGit(repo, plain);
        Path realistic = root.resolve("realistic");
        TagBench.copyWithoutGit(repo, realistic);
        for (int i = 0; i < 100; i++) {
            Files.writeString(realistic.resolve(TagBench.context(i)).resolve(".dockerignore"), REALISTIC_IGNORE);
        }

        System.out.printf("hubdeploy tags as a java -jar process (JVM start-up included), wall-clock ms, median of %d%n"
                + "(min); 'killed' = still running after %d s%n%n", runs, timeoutSeconds);
        System.out.println("| case | before | after |");
        System.out.println("|---|---:|---:|");
        row("issue 12: 50 files of 60 'a', `a*a*a*a*a*a*a*b`, no git", pathological);
        row("100 images x 300 files, clean git checkout", repo);
        row("100 images x 300 files, no git (every file hashed)", plain);
        row("100 images, 40-line .dockerignore each, no git", realistic);
        if (sigterm) {
            sigtermRow(root);
        }
    }

    private void sigtermRow(Path root) throws Exception {
        Path heavy = HeavyContext.write(root.resolve("heavy"), 5_000);
        Files.writeString(heavy.resolve("hubdeploy.yaml"), config(List.of("registry.example.org/bench/heavy"),
                List.of(HeavyContext.CONTEXT), List.of("../" + HeavyContext.DOCKERFILE)));
        System.out.printf("| SIGTERM 3 s into a long tag computation (5,000 files x 10,000 patterns): exit after"
                + " | %s | %s |%n", sigterm(before, heavy), sigterm(after, heavy));
    }

    private void row(String name, Path workspace) throws Exception {
        String afterMs = time(after, workspace);
        String beforeMs = time(before, workspace);
        System.out.printf("| %s | %s | %s |%n", name, beforeMs, afterMs);
    }

    /** "median (min)" of {@code runs} after one warm-up, or "killed" when a run exceeds the timeout. */
    private String time(Path jar, Path workspace) throws Exception {
        double[] ms = new double[runs];
        for (int i = -1; i < runs; i++) {
            long start = System.nanoTime();
            Process p = tags(jar, workspace);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(p);
                return "killed after " + timeoutSeconds + " s";
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(jar + " tags -C " + workspace + " exited " + p.exitValue() + ": "
                        + new String(p.getErrorStream().readAllBytes()));
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        return String.format("%.0f (%.0f)", median, ms[0]);
    }

    /** Seconds from SIGTERM to exit, with SIGTERM sent 3 s after the start. */
    private String sigterm(Path jar, Path workspace) throws Exception {
        Process p = tags(jar, workspace);
        Thread.sleep(3000);
        if (!p.isAlive()) {
            return "finished before SIGTERM";
        }
        long t0 = System.nanoTime();
        p.destroy();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            kill(p);
            return "killed 120 s after SIGTERM";
        }
        return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    private static Process tags(Path jar, Path workspace) throws IOException {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "tags", "-C", workspace.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static Path pathological(Path workspace) throws IOException {
        Path image = Files.createDirectories(workspace.resolve("image"));
        Files.writeString(image.resolve("Dockerfile"), "FROM busybox\nCOPY . /srv\n");
        Files.writeString(image.resolve(".dockerignore"), "a*a*a*a*a*a*a*b\n");
        for (int i = 1; i <= 50; i++) {
            Files.writeString(image.resolve("a".repeat(60) + i), "file " + i + "\n");
        }
        Files.writeString(workspace.resolve("hubdeploy.yaml"), config(List.of("registry.example.org/bench/issue12"),
                List.of("image"), List.of("Dockerfile")));
        return workspace;
    }

    private static void writeConfig(Path repo, int images) throws IOException {
        List<String> names = new ArrayList<>();
        List<String> contexts = new ArrayList<>();
        List<String> dockerfiles = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            names.add("registry.example.org/bench/img-" + i);
            contexts.add(TagBench.context(i));
            dockerfiles.add("Dockerfile");
        }
        Files.writeString(repo.resolve("hubdeploy.yaml"), config(names, contexts, dockerfiles));
    }

    /** A hubdeploy.yaml with these images, and the chart and environment the loader requires (tags ignores them). */
    private static String config(List<String> names, List<String> contexts, List<String> dockerfiles) {
        StringBuilder yaml = new StringBuilder("images:\n");
        for (int i = 0; i < names.size(); i++) {
            yaml.append("  - name: ").append(names.get(i)).append("\n    context: ").append(contexts.get(i))
                    .append("\n    dockerfile: ").append(dockerfiles.get(i))
                    .append("\n    valuesPath: images.img").append(i).append('\n');
        }
        return yaml.append("chart:\n  path: jupyterhub/jupyterhub\nenvironments:\n  staging:\n    values: []\n").toString();
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
        }
    }
}
