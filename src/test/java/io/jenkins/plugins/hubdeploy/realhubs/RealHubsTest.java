package io.jenkins.plugins.hubdeploy.realhubs;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSource;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeployPreflight;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.FakeHelmCluster;
import io.jenkins.plugins.hubdeploy.testing.LoopbackOnlyAgent;
import io.jenkins.plugins.hubdeploy.testing.RealHubSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every deployment of DataHub's repository at three commits (2019: images.image_name; 2021: images.images[] with
 * paths; 2024: images.images[] pinning prebuilt name:tag), read as it is: content tags (or the pin) and a deploy
 * preflight of staging, with the helm/kubectl stand-ins (no helm binary or cluster here) and no registry reachable
 * (tests contact loopback only; the preflight then warns, as it does on an agent without that network).
 * {@code template} (a cookiecutter folder without hubploy.yaml) is not a deployment.
 */
class RealHubsTest {
    @TempDir
    Path tmp;

    /** What each snapshot holds (hubploy.yaml count, not counting template), and what was true before this work. */
    private static final Map<String, Integer> DEPLOYMENTS = Map.of("2019", 10, "2021", 15, "2024", 27);

    @Test
    void snapshot2019EveryDeploymentTagsAndPreflights() throws Exception {
        Map<String, DeploymentConfig> configs = everyDeploymentPasses("2019");
        assertThat(configs.get("bcourses").images()).singleElement()
                .satisfies(i -> assertThat(i.source()).isEqualTo(ImageSource.REPO2DOCKER));
        assertThat(configs.get("datahub").images()).singleElement()
                .satisfies(i -> assertThat(i.dockerfile()).isEqualTo("deployments/datahub/image/Dockerfile"));
        assertThat(configs.get("bcourses").notes()).anySatisfy(n -> assertThat(n).contains("cluster (provider gcloud,"
                + " project ucb-datahub-2018, cluster fall-2019, zone us-central1)").contains("withKubeConfig"));
        assertThat(configs.get("bcourses").notes()).anySatisfy(n -> assertThat(n).contains("images.registry")
                .contains("credentialsId"));
    }

    @Test
    void snapshot2021EveryDeploymentTagsAndPreflights() throws Exception {
        Map<String, DeploymentConfig> configs = everyDeploymentPasses("2021");
        // data100 builds the datahub image from ../datahub/images/default: the same context gives the same tag
        assertThat(configs.get("data100").images().get(0).context()).isEqualTo("deployments/datahub/images/default");
        assertThat(configs.get("eecs").images().get(0).source()).isEqualTo(ImageSource.REPO2DOCKER);
        assertThat(configs.get("eecs").images().get(0).repo2docker()).containsEntry("user_name", "jovyan")
                .containsEntry("user_id", "1000");
    }

    @Test
    void snapshot2024EveryDeploymentTagsAndPreflights() throws Exception {
        Map<String, DeploymentConfig> configs = everyDeploymentPasses("2024");
        ImageSpec a11y = configs.get("a11y").images().get(0);
        assertThat(a11y.prebuilt()).isTrue();
        assertThat(a11y.name()).isEqualTo("us-central1-docker.pkg.dev/ucb-datahub-2018/user-images/a11y-user-image");
        assertThat(a11y.pin()).isEqualTo("9cb7ae26ffbe");
        // the single-image form pins too (astro), and dlab's path beside a pin is not used, as hubploy ignores it
        assertThat(configs.get("astro").images().get(0).pin()).isEqualTo("ffc76921fb47");
        assertThat(configs.get("dlab").notes()).anySatisfy(n -> assertThat(n).contains("images.images[0].path")
                .contains("not used"));
        // dev: the second image is named by the values' profileList; it is recorded but set nowhere
        List<ImageSpec> dev = configs.get("dev").images();
        assertThat(dev).extracting(ImageSpec::valuesPath).containsExactly("jupyterhub.singleuser.image", null);
    }

    private Map<String, DeploymentConfig> everyDeploymentPasses(String year) throws Exception {
        Path repo = RealHubSnapshots.unpack(year, tmp);
        List<String> names = ConfigLoader.listDeployments(repo);
        assertThat(names).doesNotContain("template").hasSize(DEPLOYMENTS.get(year));
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, DeploymentConfig> configs = new LinkedHashMap<>();
        List<String> passed = new ArrayList<>();
        for (String name : names) {
            CollectingLog log = new CollectingLog();
            try {
                DeploymentConfig config = ConfigLoader.load(repo, name);
                configs.put(name, config);
                List<String> tags = new ContentTagger(new LocalProcessRunner(repo, log), new LoopbackOnlyAgent(repo), log)
                        .tagsFor(config.images());
                assertThat(tags).hasSameSizeAs(config.images()).doesNotContainNull();
                for (int i = 0; i < tags.size(); i++) {
                    ImageSpec image = config.images().get(i);
                    assertThat(tags.get(i)).isEqualTo(image.prebuilt() ? image.pin() : tags.get(i))
                            .matches(image.prebuilt() ? "[A-Za-z0-9_.@:-]+" : "h[0-9a-f]{20}");
                }
                LoopbackOnlyAgent agent = new LoopbackOnlyAgent(repo);
                FakeHelmCluster cluster = new FakeHelmCluster(repo, log);
                DeployPreflight preflight = (DeployPreflight) new DeployRun(cluster, agent, log, Map.of())
                        .run(config, new DeployOptions("staging", true, false, DeployOptions.DEFAULT_TIMEOUT, null,
                                io.jenkins.plugins.hubdeploy.helm.StuckPolicy.FAIL));
                assertThat(preflight.release()).isEqualTo(name + "-staging");
                assertThat(preflight.images()).hasSameSizeAs(config.images());
                // no registry outside loopback was contacted; each image was asked for (and refused) once
                assertThat(agent.refused).hasSameSizeAs(config.images());
                assertThat(cluster.calls("helm", "template")).hasSize(1);
                // hub/ is apiVersion v1 with requirements.yaml: its repository is added, then the dependency built
                assertThat(cluster.calls("helm", "repo", "add")).singleElement()
                        .satisfies(c -> assertThat(c.argv().get(4)).startsWith("https://jupyterhub.github.io/helm-chart"));
                assertThat(cluster.calls("helm", "dependency", "build")).hasSize(1);
                passed.add(name);
            } catch (Exception | AssertionError e) {
                failures.put(name, e.getMessage());
            }
        }
        System.out.println("real hubs " + year + ": " + passed.size() + " of " + names.size() + " pass tags and deploy"
                + " --dry-run" + (failures.isEmpty() ? "" : "; failing: " + failures));
        assertThat(failures).as("deployments of the " + year + " snapshot that fail").isEmpty();
        return configs;
    }
}
