package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image name from the config and a registry's WWW-Authenticate header, far longer than real ones, on a thread
 * with the JVM's default 1 MiB stack: answers, not a StackOverflowError (issue 12's audit).
 */
class LongNameAndHeaderTest {

    @Test
    void aVeryLongRegistryHostIsParsedAndAVeryLongPathRefused() throws Exception {
        String host = "registry." + "x.".repeat(30_000) + "org";
        Object parsed = onSmallStack(() -> ImageName.parse(host + "/team/a_b"));
        assertThat(parsed).isInstanceOf(ImageName.class);
        assertThat(((ImageName) parsed).registry()).isEqualTo(host);
        Object refused = onSmallStack(() -> ImageName.parse("registry.example.org/team/" + "a_b".repeat(30_000)));
        assertThat(refused).isInstanceOf(IllegalArgumentException.class);
        assertThat(((Exception) refused).getMessage()).endsWith("is longer than 255 characters");
    }

    @Test
    void aVeryLongQuotedChallengeValueIsRead() throws Exception {
        String realm = "https://auth.example.org/" + "a\\\"".repeat(30_000);
        Object challenge = onSmallStack(() -> AuthChallenge.parse(List.of("Bearer realm=\"" + realm + "\",service=\"r\"")));
        assertThat(challenge).isInstanceOf(AuthChallenge.class);
        assertThat(((AuthChallenge) challenge).params()).containsEntry("service", "r")
                .containsEntry("realm", realm.replace("\\\"", "\""));
    }

    private static Object onSmallStack(Callable<Object> work) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 1 << 20);
        t.start();
        t.join(20_000);
        return result.get();
    }
}
