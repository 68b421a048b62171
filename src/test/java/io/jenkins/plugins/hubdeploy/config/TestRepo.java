package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A small valid deployment repository in a temporary directory ({@code deployments/hub1/} with an image, config/,
 * secrets/ and a root {@code hub/} chart) that tests then break one way at a time.
 */
final class TestRepo {
    static final String CONFIG = "deployments/hub1/hubdeploy.yaml";
    static final String VALID = """
            images:
              - name: registry.example.org/hub1/user-image
                context: image
            chart:
              path: ../../hub
            environments:
              staging:
                values: [config/common.yaml, config/staging.yaml, secrets/staging.yaml]
                hubUrl: https://staging.example.org/
              prod:
                values: [config/common.yaml, config/prod.yaml]
            smoke:
              imports: [numpy]
            """;

    final Path root;

    TestRepo(Path root) throws IOException {
        this.root = root;
        write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        write("deployments/hub1/image/Dockerfile", "FROM scratch\n");
        write("deployments/hub1/config/common.yaml", "a: 1\n");
        write("deployments/hub1/config/staging.yaml", "b: 2\n");
        write("deployments/hub1/config/prod.yaml", "b: 3\n");
        write("deployments/hub1/secrets/staging.yaml", "c: fake\n");
    }

    TestRepo write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    TestRepo config(String yaml) throws IOException {
        return write(CONFIG, yaml);
    }

    DeploymentConfig load() throws HubDeployException {
        return ConfigLoader.load(root, null);
    }

    /** Loading fails with exit 2 and one line of text (no stack trace) containing all fragments. */
    String failsWith(String... fragments) {
        HubDeployException e = catchThrowableOfType(HubDeployException.class, this::load);
        return assertUsage(e, fragments);
    }

    static String assertUsage(HubDeployException e, String... fragments) {
        assertThat(e).as("expected a HubDeployException").isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("at com.");
        for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
        }
        return e.getMessage();
    }
}
