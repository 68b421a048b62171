package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.HeavyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What a pull request can put in an image context must not hang the agent computing its tag: a pattern that made
 * the old regex matcher exponential, too many files, an oversized .dockerignore, and a context too big to hash
 * before the build is aborted. Real files, real git.
 */
class ContentTagBoundsTest {
    private static final ImageSpec IMAGE = new ImageSpec("registry.example.org/hub/image", "image",
            "image/Dockerfile", "singleuser.image", Map.of(), null);

    @TempDir
    Path tmp;

    private final CollectingLog log = new CollectingLog();

    private List<String> tags(Path workspace, int maxContextFiles) throws Exception {
        return tags(workspace, maxContextFiles, IMAGE);
    }

    private List<String> tags(Path workspace, int maxContextFiles, ImageSpec image) throws Exception {
        return new ContentTagger(new LocalProcessRunner(workspace, log), new LocalAgent(workspace), log)
                .tagsFor(List.of(image), maxContextFiles);
    }

    private GitTestRepo committedImage(String dockerignore, int files, String namePrefix) throws Exception {
        GitTestRepo.assumeGit();
        GitTestRepo repo = GitTestRepo.init(tmp.resolve("repo"));
        repo.write("image/Dockerfile", "FROM busybox\nCOPY . /srv\n");
        repo.write("image/.dockerignore", dockerignore);
        for (int i = 0; i < files; i++) {
            repo.write("image/" + namePrefix + i, "file " + i + "\n");
        }
        repo.commitAll("image");
        return repo;
    }

    private Path plainCopy(GitTestRepo repo) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("plain"));
        GitTestRepo.copyWithoutGit(repo.dir, copy);
        return copy;
    }

    @Test
    void theIssuesPathologicalContextGetsItsTagAtOnceWithAndWithoutGit() throws Exception {
        GitTestRepo repo = committedImage("a*a*a*a*a*a*a*b\n", 50, "a".repeat(60));
        Path plain = plainCopy(repo);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            List<String> fromGit = tags(repo.dir, 1000);
            List<String> fromDisk = tags(plain, 1000);
            assertThat(fromGit).hasSize(1).isEqualTo(fromDisk);
        });
    }

    @Test
    void aContextKeepingMoreFilesThanTheLimitIsRefusedInGitAndOnDisk() throws Exception {
        // 6 kept files (Dockerfile, .dockerignore, keep0..3) and 10 ignored ones
        GitTestRepo repo = committedImage("skip*\n", 4, "keep");
        for (int i = 0; i < 10; i++) {
            repo.write("image/skip" + i, "ignored " + i + "\n");
        }
        repo.commitAll("ignored files");
        Path plain = plainCopy(repo);
        for (Path workspace : List.of(repo.dir, plain)) {
            assertThatThrownBy(() -> tags(workspace, 5))
                    .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("build context 'image' has more than 5 files after its .dockerignore")
                    .hasMessageContaining("build.maxContextFiles")
                    .hasMessageContaining("image/.dockerignore");
            assertThat(tags(workspace, 6)).as("ignored files do not count").hasSize(1);
        }
    }

    @Test
    void aDockerignoreOverOneMebibyteIsRefusedBeforeItIsRead() throws Exception {
        String big = ("# padding " + "x".repeat(1000) + "\n").repeat(1100);
        GitTestRepo repo = committedImage(big, 1, "f");
        assertThatThrownBy(() -> tags(repo.dir, 1000))
                .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("image/.dockerignore is " + Files.size(repo.dir.resolve("image/.dockerignore"))
                        + " bytes, more than 1 MiB");
    }

    @Test
    void aDockerignoreOfMoreThanTenThousandPatternsIsRefused() throws Exception {
        StringBuilder patterns = new StringBuilder();
        for (int i = 0; i <= DockerIgnore.MAX_PATTERNS; i++) {
            patterns.append("generated/file-").append(i).append('\n');
        }
        GitTestRepo repo = committedImage(patterns.toString(), 1, "f");
        assertThatThrownBy(() -> tags(repo.dir, 1000))
                .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("image/.dockerignore has more than 10000 patterns");

        GitTestRepo.at(repo.dir).write("image/.dockerignore", patterns.substring(patterns.indexOf("\n") + 1));
        assertThat(tags(repo.dir, 1000)).as("exactly 10000 patterns are fine").hasSize(1);
    }

    /**
     * A sparse 64 GiB file takes minutes to hash (it reads as zeros, at the speed of SHA-1). Interrupted as an
     * aborted build interrupts the agent's thread, the hashing stops within its next 64 KiB buffer.
     */
    @Test
    void hashingAHugeContextStopsWhenTheThreadIsInterrupted() throws Exception {
        Path workspace = Files.createDirectories(tmp.resolve("huge"));
        Files.createDirectories(workspace.resolve("image"));
        Files.writeString(workspace.resolve("image/Dockerfile"), "FROM busybox\n");
        try (RandomAccessFile file = new RandomAccessFile(workspace.resolve("image/huge.bin").toFile(), "rw")) {
            file.setLength(64L << 30);
        }
        assertStopsWhenInterrupted(workspace, IMAGE);
    }

    /**
     * Matching is linear now, but 5,000 files against 10,000 patterns is still ~20 s of work on this machine, and
     * every file is excluded, so no file read notices the interrupt: the walk's own check must, at the next file.
     */
    @Test
    void matchingAHugeContextStopsWhenTheThreadIsInterrupted() throws Exception {
        Path workspace = HeavyContext.write(tmp.resolve("heavy"), 5_000);
        assertStopsWhenInterrupted(workspace, new ImageSpec("registry.example.org/hub/heavy", HeavyContext.CONTEXT,
                HeavyContext.DOCKERFILE, "singleuser.image", Map.of(), null));
    }

    private void assertStopsWhenInterrupted(Path workspace, ImageSpec image) throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                tags(workspace, 1_000_000, image);
                outcome.set(new AssertionError("the tag was computed before the interrupt: make the context bigger"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "content-tag-worker");
        worker.setDaemon(true); // a failing run must not keep the test JVM busy
        worker.start();
        Thread.sleep(1500);
        assertThat(worker.isAlive()).as("still working when interrupted; outcome: %s", outcome.get()).isTrue();
        long t0 = System.nanoTime();
        worker.interrupt();
        worker.join(10_000);
        long stoppedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(worker.isAlive()).as("stopped within 10 s of the interrupt").isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(stoppedMillis).isLessThan(10_000);
    }
}
