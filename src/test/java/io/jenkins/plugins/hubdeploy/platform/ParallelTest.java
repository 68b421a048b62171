package io.jenkins.plugins.hubdeploy.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParallelTest {
    @Test
    void resultsComeBackInInputOrderWhateverOrderTheyFinishIn() throws Exception {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<String> out = Parallel.map(List.of("first", "second"), 2, item -> {
            if (item.equals("first")) {
                assertThat(secondDone.await(30, TimeUnit.SECONDS)).isTrue();
            } else {
                secondDone.countDown();
            }
            return item.toUpperCase();
        });
        assertThat(out).containsExactly("FIRST", "SECOND");
    }

    @Test
    void theFirstFailureStopsTheOthersAndTheirCleanupFinishesBeforeItIsRethrown() {
        AtomicBoolean slowWasInterrupted = new AtomicBoolean();
        AtomicBoolean slowCleanedUp = new AtomicBoolean();
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);

        HubDeployException failure = catchThrowableOfType(HubDeployException.class,
                () -> Parallel.map(List.of("slow", "failing"), 2, item -> {
                    if (item.equals("slow")) {
                        slowStarted.countDown();
                        try {
                            never.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            slowWasInterrupted.set(true);
                            throw e;
                        } finally {
                            Thread.sleep(0, 1); // cleanup that still runs after the interrupt was consumed
                            slowCleanedUp.set(true);
                        }
                        return "slow";
                    }
                    assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
                    throw HubDeployException.failed("second item failed");
                }));

        assertThat(failure).hasMessage("second item failed");
        assertThat(slowWasInterrupted).as("the earlier, still running item was interrupted, not waited for").isTrue();
        assertThat(slowCleanedUp).as("its cleanup finished before the failure reached the caller").isTrue();
    }
}
