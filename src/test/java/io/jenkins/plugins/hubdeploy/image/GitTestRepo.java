package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A throw-away repository driven by the real {@code git} (tests only). */
final class GitTestRepo {
    final Path dir;

    private GitTestRepo(Path dir) {
        this.dir = dir;
    }

    /** Skips the test when git is missing, unless CI=true, where a missing git is a failure. */
    static void assumeGit() {
        boolean present;
        try {
            Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("git is required on CI (apt-get install -y git)");
        }
        Assumptions.assumeTrue(present, "git is not installed: skipping the git-backed content tag tests");
    }

    static GitTestRepo init(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        GitTestRepo repo = new GitTestRepo(dir);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.name", "Test");
        repo.git("config", "user.email", "test@example.org");
        repo.git("config", "commit.gpgsign", "false");
        return repo;
    }

    static GitTestRepo at(Path dir) {
        return new GitTestRepo(dir);
    }

    GitTestRepo cloneTo(Path target, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("clone", "-q"));
        args.addAll(List.of(options));
        args.add("file://" + dir.toAbsolutePath());
        args.add(target.toAbsolutePath().toString());
        at(dir.getParent()).git(args.toArray(String[]::new));
        return at(target);
    }

    String git(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("git " + args[0] + " timed out");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    GitTestRepo write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    GitTestRepo chmod(String path, String perms) throws IOException {
        Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString(perms));
        return this;
    }

    GitTestRepo commitAll(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "--allow-empty", "-m", message);
        return this;
    }

    /** Sets every file's mtime to the same new instant, as a fresh checkout or a {@code touch -r} would. */
    void touchAll(Instant when) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (!p.toString().contains("/.git/")) {
                    Files.setLastModifiedTime(p, FileTime.from(when));
                }
            }
        }
    }

    /** Copies the working tree without {@code .git} (what a plain download of the sources gives). */
    static void copyWithoutGit(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().equals(".git") || rel.toString().startsWith(".git/")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
