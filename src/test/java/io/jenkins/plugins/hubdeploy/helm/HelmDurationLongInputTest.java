package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** {@code timeout} is a parameter: any text must give a duration or exit 2, at once (issue 12's audit). */
class HelmDurationLongInputTest {

    @Test
    void partsAreReadWhereTheLastOneEnded() throws Exception {
        assertThat(HelmDuration.parse("1h30m10s", "timeout")).isEqualTo(Duration.ofSeconds(5410));
        assertThat(HelmDuration.parse("600", "timeout")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> HelmDuration.parse("10m x", "timeout")).isInstanceOf(HubDeployException.class);
        // find() rescanned the digits from every position: about 5 s here for 8,000 digits, minutes for 100,000
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> HelmDuration.parse("1".repeat(100_000) + "x", "timeout"))
                        .isInstanceOfSatisfying(HubDeployException.class,
                                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE)));
    }

    @Test
    void numbersTooLargeForADurationAreExitTwoNotACrash() {
        for (String text : new String[] {"99999999999999999999", "99999999999999999999m", "9000000000000000000h"}) {
            assertThatThrownBy(() -> HelmDuration.parse(text, "timeout")).as(text)
                    .isInstanceOfSatisfying(HubDeployException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("too long a duration");
        }
    }
}
