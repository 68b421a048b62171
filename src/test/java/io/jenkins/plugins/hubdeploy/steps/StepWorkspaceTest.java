package io.jenkins.plugins.hubdeploy.steps;

import hudson.AbortException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a step turns the core's failures into a failed build: one message, no stack trace (AbortException). */
class StepWorkspaceTest {
    @Test
    void theCoresVerdictsAndEnvironmentProblemsBecomeAbortExceptionsWithTheSameMessage() {
        assertThatThrownBy(() -> StepWorkspace.failBuildOnError(() -> {
            throw HubDeployException.usage("hubdeploy.yaml, line 3, images[0].name: required");
        })).isExactlyInstanceOf(AbortException.class).hasMessage("hubdeploy.yaml, line 3, images[0].name: required");
    }

    @Test
    void anUnclassifiedIoFailureIsOneMessageToo() {
        assertThatThrownBy(() -> StepWorkspace.failBuildOnError(() -> {
            throw new IOException("/ws@tmp: No space left on device");
        })).isExactlyInstanceOf(AbortException.class)
                .hasMessageContaining("No space left on device").hasMessageContaining("retry");
    }

    @Test
    void anInterruptionStaysAnInterruption() {
        assertThatThrownBy(() -> StepWorkspace.failBuildOnError(() -> {
            throw new InterruptedIOException("aborted");
        })).isExactlyInstanceOf(InterruptedIOException.class);
    }

    @Test
    void anAbortFromJenkinsItselfIsNotWrappedAgain() {
        assertThatThrownBy(() -> StepWorkspace.failBuildOnError(() -> {
            throw new AbortException("credentials 'registry' not found");
        })).isExactlyInstanceOf(AbortException.class).hasMessage("credentials 'registry' not found");
    }

    @Test
    void aResultPassesThrough() throws Exception {
        assertThat(StepWorkspace.failBuildOnError(() -> 42)).isEqualTo(42);
    }
}
