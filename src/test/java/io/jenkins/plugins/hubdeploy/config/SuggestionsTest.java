package io.jenkins.plugins.hubdeploy.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {
    @Test
    void distanceCountsEditsAndSwaps() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("hubUlr", "hubUrl")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void closestOnlyWhenItLooksLikeATypo() {
        List<String> keys = List.of("images", "build", "chart", "environments", "smoke");
        assertThat(Suggestions.closest("enviroments", keys)).isEqualTo("environments");
        assertThat(Suggestions.closest("Chart", keys)).isEqualTo("chart");
        assertThat(Suggestions.closest("registry", keys)).isNull();
        assertThat(Suggestions.didYouMean("smoek", keys)).isEqualTo(" (did you mean 'smoke'?)");
        assertThat(Suggestions.didYouMean("zzzzzz", keys)).isEmpty();
    }
}
