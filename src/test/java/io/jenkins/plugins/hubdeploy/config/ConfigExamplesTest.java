package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loads the repository's examples/ and checks the resulting model field by field. */
class ConfigExamplesTest {
    private static final Path DATAHUB = Path.of("examples/datahub");
    private static final Path HUBPLOY = Path.of("examples/hubploy-layout");

    @Test
    void datahubExampleLoadsWithoutDeploymentName() throws Exception {
        DeploymentConfig config = ConfigLoader.load(DATAHUB, null);

        assertThat(config.deployment()).isEqualTo("datahub");
        assertThat(config.configFile()).isEqualTo("deployments/datahub/hubdeploy.yaml");
        assertThat(config.images()).containsExactly(
                new ImageSpec("127.0.0.1:5000/datahub/user-image", "deployments/datahub/images/user-image",
                        "deployments/datahub/images/user-image/Dockerfile", "jupyterhub.singleuser.image", Map.of(), null),
                new ImageSpec("127.0.0.1:5000/datahub/tools-image", "deployments/datahub/images/tools-image",
                        "deployments/datahub/images/tools-image/Dockerfile", "tools.image",
                        Map.of("TOOLS_VERSION", "1.0"), null));
        assertThat(config.build()).isEqualTo(BuildSettings.defaults());
        assertThat(config.chart()).isEqualTo(new ChartSpec("hub", "{deployment}-{env}", null));
        assertThat(config.chart().releaseFor(config.deployment(), "staging")).isEqualTo("datahub-staging");
        assertThat(config.environments().keySet()).containsExactly("staging", "prod");
        assertThat(config.environment("staging")).isEqualTo(new EnvironmentSpec("staging", "datahub-staging",
                List.of("deployments/datahub/config/common.yaml", "deployments/datahub/config/staging.yaml",
                        "deployments/datahub/secrets/staging.yaml"), "https://staging.datahub.example.org"));
        assertThat(config.environment("prod").values()).containsExactly("deployments/datahub/config/common.yaml",
                "deployments/datahub/config/prod.yaml", "deployments/datahub/secrets/prod.yaml");
        assertThat(config.environment("prod").namespace()).isEqualTo("datahub-prod");
        assertThat(config.smoke()).isEqualTo(new SmokeSpec("deployment-service-check", List.of("json", "sqlite3"),
                List.of("deployments/datahub/tests/smoke.ipynb"), 600));
    }

    @Test
    void datahubExampleLoadsByName() throws Exception {
        assertThat(ConfigLoader.load(DATAHUB, "datahub")).isEqualTo(ConfigLoader.load(DATAHUB, null));
        assertThat(ConfigLoader.listDeployments(DATAHUB)).containsExactly("datahub");
    }

    @Test
    void modelIsSerializableForTheAgentChannel() throws Exception {
        DeploymentConfig config = new LoadConfigTask("datahub").call(DATAHUB.toAbsolutePath());
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(config);
        }
        assertThat(config.deployment()).isEqualTo("datahub");
    }

    @Test
    void hubployListFormIsReadAsIs() throws Exception {
        DeploymentConfig config = ConfigLoader.load(HUBPLOY, "stat20");

        assertThat(config.configFile()).isEqualTo("deployments/stat20/hubploy.yaml");
        assertThat(config.images()).containsExactly(new ImageSpec("127.0.0.1:5000/stat20/user-image",
                "deployments/stat20/images/default", "deployments/stat20/images/default/Dockerfile",
                "jupyterhub.singleuser.image", Map.of(), null));
        assertThat(config.chart()).isEqualTo(new ChartSpec("hub", "{deployment}-{env}", null));
        assertThat(config.environments().keySet()).containsExactly("staging", "prod");
        assertThat(config.environment("staging")).isEqualTo(new EnvironmentSpec("staging", "stat20-staging",
                List.of("deployments/stat20/config/common.yaml", "deployments/stat20/config/staging.yaml",
                        "deployments/stat20/secrets/staging.yaml"), null));
        assertThat(config.build()).isEqualTo(BuildSettings.defaults());
        assertThat(config.smoke()).isEqualTo(SmokeSpec.defaults());
    }

    @Test
    void hubploySingleImageFormUsesImageDirectoryAndSkipsMissingSecrets() throws Exception {
        DeploymentConfig config = ConfigLoader.load(HUBPLOY, "data8");

        assertThat(config.images()).containsExactly(new ImageSpec("127.0.0.1:5000/data8/user-image",
                "deployments/data8/image", "deployments/data8/image/Dockerfile", "jupyterhub.singleuser.image",
                Map.of(), null));
        assertThat(config.environment("prod").values()).containsExactly("deployments/data8/config/common.yaml",
                "deployments/data8/config/prod.yaml");
        assertThat(config.environment("prod").namespace()).isEqualTo("data8-prod");
    }

    @Test
    void hubployLayoutWithTwoDeploymentsAsksForOne() throws Exception {
        assertThat(ConfigLoader.listDeployments(HUBPLOY)).containsExactly("data8", "stat20");
        assertThatThrownBy(() -> ConfigLoader.load(HUBPLOY, null))
                .isInstanceOfSatisfying(HubDeployException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("2 deployments (data8, stat20)").contains("-d NAME");
                });
    }
}
