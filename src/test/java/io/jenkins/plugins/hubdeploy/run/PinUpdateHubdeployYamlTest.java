package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hubdeploy pin} ({@link PinUpdate}) on pins written in hubdeploy.yaml, beside a deployment that pins the same
 * image in hubploy.yaml: both files move, only the pin changes in them, a built image of the same file and the
 * secrets are left alone, and the moved files load with the new pin.
 */
class PinUpdateHubdeployYamlTest {
    private static final String IMAGE = "registry.example.org/user-images/shared-user-image";
    private static final String DIGEST = "sha256:" + "5e".repeat(32);
    private static final String HUBDEPLOY_YAML = """
            images:
              - name: %s:2024.10.1   # pinned: built in the image repository
              - name: registry.example.org/alpha/tools
                context: tools
                valuesPath: tools.image
            environments:
              staging: {values: [config/common.yaml, secrets/staging.yaml]}
              prod: {values: [config/common.yaml]}
            """.formatted(IMAGE);
    private static final String PROFILES = """
            jupyterhub:
              singleuser:
                profileList:
                  - display_name: default
                    kubespawner_override: {image: %s:2024.10.1}
                  - display_name: older
                    kubespawner_override: {image: %s:2024.10.10}
            """.formatted(IMAGE, IMAGE);
    private static final String SECRET = "hub: {image: %s:2024.10.1}\n".formatted(IMAGE);
    private static final String HUBPLOY_YAML = "images:\n  images:\n    - name: %s:2024.10.1\n".formatted(IMAGE);

    @TempDir
    Path repo;

    @BeforeEach
    void twoDeploymentsPinningOneImage() throws IOException {
        write("hub/Chart.yaml", "apiVersion: v2\nname: hub\nversion: 0.1.0\n");
        write("deployments/alpha/hubdeploy.yaml", HUBDEPLOY_YAML);
        write("deployments/alpha/tools/Dockerfile", "FROM scratch\n");
        write("deployments/alpha/config/common.yaml", PROFILES);
        write("deployments/alpha/secrets/staging.yaml", SECRET);
        write("deployments/beta/hubploy.yaml", HUBPLOY_YAML);
        write("deployments/beta/config/common.yaml", "a: 1\n");
        write("deployments/beta/config/staging.yaml", "b: 1\n");
    }

    @Test
    void movesThePinInHubdeployYamlAndItsValuesAsInHubployYaml() throws Exception {
        PinUpdate.Result result = new PinUpdate(IMAGE + ":2024.11.2", new DeploymentSelection("all")).call(repo);

        assertThat(result.changed()).isEqualTo(Map.of(
                "alpha", List.of("deployments/alpha/hubdeploy.yaml", "deployments/alpha/config/common.yaml"),
                "beta", List.of("deployments/beta/hubploy.yaml")));
        assertThat(result.previous()).containsEntry("alpha", List.of("2024.10.1"));
        assertThat(read("deployments/alpha/hubdeploy.yaml"))
                .isEqualTo(HUBDEPLOY_YAML.replace(IMAGE + ":2024.10.1", IMAGE + ":2024.11.2"));
        // only the exact old reference: the 2024.10.10 profile stays, the secrets file is never written
        assertThat(read("deployments/alpha/config/common.yaml"))
                .isEqualTo(PROFILES.replace(IMAGE + ":2024.10.1}", IMAGE + ":2024.11.2}"))
                .contains(IMAGE + ":2024.10.10}");
        assertThat(read("deployments/alpha/secrets/staging.yaml")).isEqualTo(SECRET);
        assertThat(ConfigLoader.load(repo, "alpha").images()).extracting(ImageSpec::pin)
                .containsExactly("2024.11.2", null);

        PinUpdate.Result again = new PinUpdate(IMAGE + ":2024.11.2", new DeploymentSelection("all")).call(repo);
        assertThat(again.changed()).isEmpty();
        assertThat(again.unchanged()).containsExactly("alpha", "beta");
    }

    @Test
    void aDigestPinReplacesATagPinInHubdeployYaml() throws Exception {
        PinUpdate.Result result = new PinUpdate(IMAGE + "@" + DIGEST, new DeploymentSelection("alpha")).call(repo);

        assertThat(result.changed()).containsOnlyKeys("alpha");
        assertThat(read("deployments/alpha/hubdeploy.yaml")).contains("  - name: " + IMAGE + "@" + DIGEST
                + "   # pinned: built in the image repository\n");
        assertThat(read("deployments/beta/hubploy.yaml")).isEqualTo(HUBPLOY_YAML);
        ImageSpec pinned = ConfigLoader.load(repo, "alpha").images().get(0);
        assertThat(pinned.pinnedDigest()).isEqualTo(DIGEST);
        assertThat(pinned.pinnedTag()).isNull();
    }

    private void write(String relative, String content) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String read(String relative) throws IOException {
        return Files.readString(repo.resolve(relative));
    }
}
