package io.jenkins.plugins.hubdeploy.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parallel deployments each create and delete their scratch directory under one {@code <workspace>@tmp}; a Delete
 * that removes the emptied {@code @tmp} while another run creates it must never fail that run (seen in CI as
 * FileAlreadyExistsException from Files.createDirectories).
 */
class ScratchDirRaceTest {
    private static final int THREADS = 6;
    private static final int ROUNDS = 400;

    @Test
    void concurrentCreateAndDeleteNeverFail(@TempDir Path dir) throws Exception {
        Path workspace = Files.createDirectory(dir.resolve("repo"));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                runs.add(pool.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < ROUNDS; i++) {
                        String scratch = new ScratchDir.Create().call(workspace);
                        assertThat(Path.of(scratch)).isDirectory();
                        assertThat(new ScratchDir.Delete(scratch).call(workspace)).isTrue();
                        done++;
                    }
                    return done;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get(2, TimeUnit.MINUTES)).isEqualTo(ROUNDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(dir.resolve("repo@tmp")).doesNotExist();
    }
}
