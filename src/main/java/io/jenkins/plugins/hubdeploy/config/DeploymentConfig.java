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
 * @param environments in declaration order (LinkedHashMap)
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

    /** The environment, or exit 2 naming the known ones. */
    public EnvironmentSpec environment(String name) throws HubDeployException {
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
