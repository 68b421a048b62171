package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedOutputTest {
    @Test
    void echoesMaskedLinesAndKeepsTheirText() throws Exception {
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStreamLog log = new PrintStreamLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        log.addSecret("hunter22");
        CapturedOutput out = new CapturedOutput(log);

        out.write("STEP 1/2: FROM base\r\nlogin with hunter22 ok\npartial".getBytes(StandardCharsets.UTF_8));
        out.close();

        assertThat(out.text()).isEqualTo("STEP 1/2: FROM base\nlogin with hunter22 ok\npartial\n");
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("STEP 1/2: FROM base\nlogin with **** ok\npartial\n".replace("\n", System.lineSeparator()));
    }

    @Test
    void anEchoedStreamKeepsABoundedHeadAndTailNotASecondCopyOfTheLog() throws Exception {
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        CapturedOutput out = new CapturedOutput(new PrintStreamLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
        for (int i = 1; i <= 50_000; i++) {
            out.write(("layer " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.close();

        String kept = out.text();
        assertThat(kept).startsWith("layer 1\nlayer 2\n").endsWith("layer 49999\nlayer 50000\n")
                .contains("lines omitted here").doesNotContain("\nlayer 25000\n");
        assertThat(kept.lines().count()).isLessThan(2_200);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("layer 25000");
    }

    @Test
    void withoutEchoNothingReachesALog() {
        CapturedOutput out = new CapturedOutput(null);

        out.write('x');

        assertThat(out.text()).isEqualTo("x");
    }
}
