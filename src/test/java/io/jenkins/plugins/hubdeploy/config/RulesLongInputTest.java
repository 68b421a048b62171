package io.jenkins.plugins.hubdeploy.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The config's checks on values a pull request controls, with values far longer than any real one: linear time
 * and no StackOverflowError (issue 12's audit).
 */
class RulesLongInputTest {

    @Test
    void unknownPlaceholderScansOnce() {
        assertThat(Rules.unknownPlaceholder("{deployment}-{env}")).isNull();
        assertThat(Rules.unknownPlaceholder("{deployment}-{environment}")).isEqualTo("{environment}");
        assertThat(Rules.unknownPlaceholder("{a{b}")).as("as the regex read it: '{' to the next '}'").isEqualTo("{a{b}");
        assertThat(Rules.unknownPlaceholder("{env}{oops")).isNull();
        // the regex's find() rescanned from every '{': about 40 s here for 200,000 of them
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThat(Rules.unknownPlaceholder("{".repeat(200_000))).isNull());
    }

    /** On a thread with a 1 MiB stack, the JVM's default for new threads (Jenkins' agent threads among them). */
    @Test
    void repeatedGroupsDoNotOverflowTheStack() throws Exception {
        String longPath = "a.".repeat(50_000) + "a";
        assertThat(matchesOnSmallStack(Rules.VALUES_PATH, longPath)).isEqualTo("true");
        assertThat(matchesOnSmallStack(Rules.VALUES_PATH, longPath + ".")).isEqualTo("false");
        assertThat(matchesOnSmallStack(Rules.PYTHON_MODULE, longPath)).isEqualTo("true");
        assertThat(matchesOnSmallStack(Rules.HOST_PORT, longPath + ":5000")).isEqualTo("true");
        assertThat(matchesOnSmallStack(Rules.HOST_PORT, longPath + "!")).isEqualTo("false");
        assertThat(matchesOnSmallStack(Rules.RELEASE, longPath)).isEqualTo("true");
    }

    private static String matchesOnSmallStack(Pattern pattern, String text) throws InterruptedException {
        AtomicReference<String> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(String.valueOf(pattern.matcher(text).matches()));
            } catch (StackOverflowError e) {
                result.set("StackOverflowError");
            }
        }, "small-stack", 1 << 20);
        t.start();
        t.join(10_000);
        return result.get();
    }
}
