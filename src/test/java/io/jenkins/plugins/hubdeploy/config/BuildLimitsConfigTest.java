package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jenkins.plugins.hubdeploy.config.TestRepo.CONFIG;
import static io.jenkins.plugins.hubdeploy.config.TestRepo.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code build.maxContextFiles}, and a config read that an aborted build interrupts. */
class BuildLimitsConfigTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = new TestRepo(dir);
    }

    @Test
    void maxContextFilesDefaultsAndCanBeSet() throws Exception {
        assertThat(repo.config(VALID).load().build().maxContextFiles()).isEqualTo(200_000);
        assertThat(repo.config(VALID + "build:\n  maxContextFiles: 5000\n").load().build().maxContextFiles())
                .isEqualTo(5000);
    }

    @Test
    void maxContextFilesMustBeAPositiveWholeNumber() throws Exception {
        repo.config(VALID + "build:\n  maxContextFiles: 0\n");
        repo.failsWith(CONFIG + ", line 15, build.maxContextFiles: maxContextFiles 0 is out of range");
        repo.config(VALID + "build:\n  maxContextFiles: lots\n");
        repo.failsWith(CONFIG + ", line 15, build.maxContextFiles: expected a whole number");
    }

    @Test
    void anInterruptedThreadStopsReadingAndStaysInterrupted() throws Exception {
        repo.config(VALID);
        Thread.currentThread().interrupt();
        try {
            HubDeployException e = catchThrowableOfType(HubDeployException.class, repo::load);
            assertThat(e).hasMessageContaining(CONFIG + ": reading interrupted");
            assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(repo.load().deployment()).as("loads once the interrupt is over").isEqualTo("hub1");
    }
}
