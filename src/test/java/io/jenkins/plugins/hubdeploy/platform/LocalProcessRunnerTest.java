package io.jenkins.plugins.hubdeploy.platform;

import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CLI's process runner with real processes (seq, sleep). */
class LocalProcessRunnerTest {
    @TempDir
    Path workspace;

    @Test
    void aParsedOutputIsKeptWhole() throws Exception {
        ProcessResult result = new LocalProcessRunner(workspace, new CollectingLog())
                .run(ProcessSpec.of(List.of("seq", "1", "5000")));
        assertThat(result.ok()).isTrue();
        assertThat(result.stdout().lines()).hasSize(5000).contains("2500");
    }

    @Test
    void anEchoedOutputGoesToTheLogWholeAndIsKeptBounded() throws Exception {
        CollectingLog log = new CollectingLog();
        ProcessResult result = new LocalProcessRunner(workspace, log)
                .run(ProcessSpec.of(List.of("seq", "1", "5000")).echoed());
        assertThat(log.lines).hasSize(5000);
        assertThat(result.stdout()).startsWith("1\n2\n").endsWith("4999\n5000\n").contains("lines omitted here");
        assertThat(result.tail(1)).isEqualTo("5000");
    }

    @Test
    void aTimeoutKillsTheProcess() throws Exception {
        ProcessResult result = new LocalProcessRunner(workspace, new CollectingLog())
                .run(ProcessSpec.of(List.of("sleep", "30")).withTimeout(Duration.ofMillis(300)));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.ok()).isFalse();
    }

    @Test
    void aMissingProgramSaysWhich() {
        assertThatThrownBy(() -> new LocalProcessRunner(workspace, new CollectingLog())
                .run(ProcessSpec.of(List.of("no-such-program-hubdeploy"))))
                .isInstanceOf(ExecutableNotFoundException.class).hasMessageContaining("no-such-program-hubdeploy");
    }
}
