package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times content tags against the anchors' method ({@code git log -n1 --format=%h -- <context>} per image, as
 * hubploy and chartpress do) on one generated repository. Run it with {@code bench/tags.sh}; see bench/README.md.
 *
 * <pre>TagBench [--images 1,20,100] [--files 300] [--commits 500] [--runs 5] [--keep]</pre>
 */
public final class TagBench {
    private static final BuildLog QUIET = new BuildLog() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
            System.err.println("WARNING: " + line);
        }

        @Override
        public void addSecret(String secret) {
        }

        @Override
        public String mask(String text) {
            return text;
        }
    };

    private final int[] imageCounts;
    private final int filesPerImage;
    private final int commits;
    private final int runs;
    private final Random random = new Random(42);

    TagBench(int[] imageCounts, int filesPerImage, int commits, int runs) {
        this.imageCounts = imageCounts;
        this.filesPerImage = filesPerImage;
        this.commits = commits;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        int[] images = {1, 20, 100};
        int files = 300;
        int commits = 500;
        int runs = 5;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--commits" -> commits = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("usage: TagBench [--images 1,20,100] [--files 300] [--commits 500] [--runs 5] [--keep]");
                    System.exit(2);
                }
            }
        }
        Path root = Files.createTempDirectory("hubdeploy-tagbench");
        try {
            new TagBench(images, files, commits, runs).run(root);
        } finally {
            if (keep) {
                System.err.println("kept " + root);
            } else {
                deleteTree(root);
            }
        }
    }

    private void run(Path root) throws Exception {
        int maxImages = Arrays.stream(imageCounts).max().orElse(1);
        Path repo = root.resolve("repo");
        long t0 = System.nanoTime();
        generate(repo, maxImages);
        System.err.printf("generated %d images x %d files, %d commits in %.1f s%n", maxImages, filesPerImage, commits,
                (System.nanoTime() - t0) / 1e9);

        Path dirty = root.resolve("dirty");
        git(root, "clone", "-q", repo.toString(), dirty.toString());
        makeDirty(dirty, maxImages);
        Path plain = root.resolve("plain");
        copyWithoutGit(repo, plain);

        System.out.printf("content tags vs. the anchors' per-image git log; %d files per image, %d commits of history,%n",
                filesPerImage, commits + 1);
        System.out.printf("milliseconds, median (min) of %d runs after 1 warm-up, in one JVM as in a Jenkins agent%n%n", runs);
        System.out.printf("| images | files | content tag, clean checkout | content tag, dirty checkout | content tag, no git | anchors: git log per image |%n");
        System.out.printf("|---:|---:|---:|---:|---:|---:|%n");
        for (int n : imageCounts) {
            List<ImageSpec> images = images(n);
            List<String> clean = contentTags(repo, images);
            List<String> noGit = contentTags(plain, images);
            if (!clean.equals(noGit)) {
                throw new IllegalStateException("the clean checkout and the plain copy disagree: " + clean + " vs " + noGit);
            }
            String cleanMs = time(() -> contentTags(repo, images));
            String dirtyMs = time(() -> contentTags(dirty, images));
            String noGitMs = time(() -> contentTags(plain, images));
            String anchorsMs = time(() -> anchors(repo, n));
            System.out.printf("| %d | %d | %s | %s | %s | %s |%n", n, n * (filesPerImage + 2),
                    cleanMs, dirtyMs, noGitMs, anchorsMs);
        }
        System.out.printf("%nclean checkout and plain copy gave identical tags for every image (checked)%n");
    }

    private static List<ImageSpec> images(int n) {
        List<ImageSpec> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ctx = context(i);
            images.add(new ImageSpec("registry.example.org/bench/img-" + i, ctx, ctx + "/Dockerfile",
                    "singleuser.image", Map.of("PYTHON_VERSION", "3.11"), null));
        }
        return images;
    }

    static String context(int i) {
        return String.format("deployments/hub-%03d/image", i);
    }

    private static List<String> contentTags(Path workspace, List<ImageSpec> images) throws Exception {
        return new ContentTagger(new LocalProcessRunner(workspace, QUIET), new LocalAgent(workspace), QUIET).tagsFor(images);
    }

    /** What hubploy/chartpress run: one {@code git log} per image, the short id of the last commit touching it. */
    private static List<String> anchors(Path repo, int n) throws Exception {
        LocalProcessRunner runner = new LocalProcessRunner(repo, QUIET);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ProcessResult r = runner.run(ProcessSpec.of(List.of("git", "log", "-n1", "--format=%h", "--", context(i))));
            if (!r.ok() || r.stdout().isBlank()) {
                throw new IllegalStateException("git log failed: " + r.tail(3));
            }
            ids.add(r.stdout().strip());
        }
        return ids;
    }

    /** "median (min)" in milliseconds: the minimum shows what noise from other work on the machine hides. */
    private String time(Timed body) throws Exception {
        body.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        return String.format("%.1f (%.1f)", median, ms[0]);
    }

    @FunctionalInterface
    private interface Timed {
        Object run() throws Exception;
    }

    // --- the generated repository ---

    void generate(Path repo, int images) throws Exception {
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        git(repo, "config", "user.name", "Bench");
        git(repo, "config", "user.email", "bench@example.org");
        git(repo, "config", "commit.gpgsign", "false");
        git(repo, "config", "gc.auto", "0"); // no background repack while the bench copies or deletes the tree
        write(repo.resolve(".gitignore"), "*.pyc\n__pycache__/\n");
        for (int i = 0; i < images; i++) {
            Path ctx = repo.resolve(context(i));
            write(ctx.resolve("Dockerfile"), "FROM python:3.11-slim\nCOPY . /srv/image\nRUN pip install -r /srv/image/requirements.txt\n");
            write(ctx.resolve(".dockerignore"), "*.log\ntests\n");
            for (int f = 0; f < filesPerImage; f++) {
                Path file = ctx.resolve(String.format("pkg%02d/mod%03d.py", f % 12, f));
                write(file, text(200 + random.nextInt(1800)));
                if (f % 25 == 0) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            write(repo.resolve("deployments/hub-" + String.format("%03d", i) + "/config/common.yaml"), "hub: " + i + "\n");
        }
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "initial");
        // history: each commit edits a file of a random image, or a config file outside every image context
        for (int c = 0; c < commits; c++) {
            int i = random.nextInt(images);
            Path target = random.nextInt(4) == 0
                    ? repo.resolve("deployments/hub-" + String.format("%03d", i) + "/config/common.yaml")
                    : repo.resolve(context(i)).resolve(String.format("pkg%02d/mod%03d.py", 0, random.nextInt(filesPerImage / 12) * 12));
            Files.writeString(target, text(50), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            git(repo, "commit", "-q", "-a", "-m", "change " + c);
        }
    }

    /** A realistic dirty workspace: a few edited, new and git-ignored files in the first images. */
    private void makeDirty(Path clone, int images) throws IOException {
        for (int i = 0; i < Math.min(images, 5); i++) {
            Path ctx = clone.resolve(context(i));
            Files.writeString(ctx.resolve("pkg01/mod001.py"), "# edited\n", java.nio.file.StandardOpenOption.APPEND);
            write(ctx.resolve("pkg01/new_module.py"), text(300));
            write(ctx.resolve("pkg01/__pycache__/mod001.cpython-311.pyc"), text(500));
            write(ctx.resolve("build.log"), text(100));
        }
    }

    private String text(int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.append("value_").append(random.nextInt(100000)).append(random.nextInt(8) == 0 ? "\n" : " = ");
        }
        return sb.append('\n').toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Copies the tree without descending into .git (git may be repacking it in the background meanwhile). */
    static void copyWithoutGit(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                    throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".git")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                    throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
