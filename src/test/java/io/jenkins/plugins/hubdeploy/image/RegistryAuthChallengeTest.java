package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryAuthChallengeTest {
    @Test
    void parsesABearerChallengeWithQuotedParameters() {
        AuthChallenge challenge = AuthChallenge.parse(List.of("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull\""));

        assertThat(challenge.scheme()).isEqualTo("bearer");
        assertThat(challenge.params()).containsEntry("realm", "https://auth.docker.io/token")
                .containsEntry("service", "registry.docker.io")
                .containsEntry("scope", "repository:library/ubuntu:pull");
    }

    @Test
    void prefersBearerOverBasicAndAcceptsUnquotedValuesAndSpaces() {
        AuthChallenge challenge = AuthChallenge.parse(List.of("Basic realm=\"x\"",
                "bearer  realm=https://r.example/t , service=reg"));

        assertThat(challenge.scheme()).isEqualTo("bearer");
        assertThat(challenge.params()).containsEntry("realm", "https://r.example/t").containsEntry("service", "reg");
    }

    @Test
    void basicAloneIsBasicAndGarbageIsNull() {
        assertThat(AuthChallenge.parse(List.of("Basic realm=\"hubdeploy-test\"")).scheme()).isEqualTo("basic");
        assertThat(AuthChallenge.parse(List.of("Negotiate"))).isNull();
        assertThat(AuthChallenge.parse(List.of())).isNull();
    }
}
