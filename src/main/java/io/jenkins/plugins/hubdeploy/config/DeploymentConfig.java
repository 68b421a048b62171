package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One deployment's validated configuration. Every path is relative to the repository root, normalised, with '/'
 * separators, and proven not to escape the repository, so it means the same on any agent.
 *
 * @param deployment   the deployment's name ({@code deployments/<name>/}, or the repository directory's name)
 * @param configFile   the file it was read from (hubdeploy.yaml, or hubploy.yaml for a hubploy layout)
 * @param chart        the hub chart; null only for an image-only configuration ({@link #imageOnly()})
 * @param environments in declaration order (LinkedHashMap); empty only for an image-only configuration
 * @param notes        what the run should say about the configuration before it starts: hubploy settings that are
 *                     recognised but not used (cluster and registry access come from Jenkins), keys ignored the way
 *                     hubploy ignores them; empty for a hubdeploy.yaml
 * @param promotion    the {@code promotion:} section; never null ({@link PromotionSpec#defaults()} when absent)
 */
public record DeploymentConfig(
        String deployment,
        String configFile,
        List<ImageSpec> images,
        BuildSettings build,
        ChartSpec chart,
        Map<String, EnvironmentSpec> environments,
        SmokeSpec smoke,
        List<String> notes,
        PromotionSpec promotion) implements Serializable {

    public DeploymentConfig {
        notes = notes == null ? List.of() : List.copyOf(notes);
        if (promotion == null) {
            promotion = PromotionSpec.defaults();
        }
    }

    /** A configuration with no notes and the default promotion settings. */
    public DeploymentConfig(String deployment, String configFile, List<ImageSpec> images, BuildSettings build,
                            ChartSpec chart, Map<String, EnvironmentSpec> environments, SmokeSpec smoke) {
        this(deployment, configFile, images, build, chart, environments, smoke, List.of(), PromotionSpec.defaults());
    }

    /**
     * An image repository's configuration: images (and build settings) only, no chart and no environments. Its images
     * are built and pushed here and deployed from the deployment repository, which pins them (pinHubImage).
     */
    public boolean imageOnly() {
        return chart == null && environments.isEmpty();
    }

    /**
     * Exit 2 for an image-only configuration: the gate of everything that needs a chart or an environment (deploy,
     * smoke of an environment, plan, run, promote). {@link #environment} passes it first, so the code that reads
     * {@link #chart()} after choosing an environment never sees a null chart.
     */
    public void requireDeployable() throws HubDeployException {
        if (imageOnly()) {
            throw HubDeployException.usage(configFile + ": image-only configuration (no chart/environments): deploy it"
                    + " from the deployment repository; see pinHubImage (hubdeploy pin). Here only hubdeploy tags and"
                    + " hubdeploy build (buildHubImage) apply; to deploy from this repository, add chart and"
                    + " environments to " + configFile + ".");
        }
    }

    /** The environment, or exit 2 naming the known ones (or saying the configuration is image-only). */
    public EnvironmentSpec environment(String name) throws HubDeployException {
        requireDeployable();
        EnvironmentSpec env = environments.get(name);
        if (env == null) {
            String where = configFile.endsWith("/" + ConfigLoader.HUBPLOY_YAML)
                    ? "add config/" + name + ".yaml next to " + configFile
                    : "add it under 'environments:' in " + configFile;
            throw HubDeployException.usage(configFile + ", environments: unknown environment '" + name + "'"
                    + Suggestions.didYouMean(name, environments.keySet()) + "; deployment '" + deployment
                    + "' defines " + String.join(", ", environments.keySet()) + ". Pass one of those, or " + where + ".");
        }
        return env;
    }

    /** The image with this repository name, or null. */
    public ImageSpec image(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }
}
