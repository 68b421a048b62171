package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.config.RepoPaths.Kind;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a deployment in hubploy's layout ({@code deployments/<d>/hubploy.yaml}, {@code config/}, {@code secrets/}).
 * From hubploy.yaml only the {@code images} section is used, in either of hubploy's forms:
 * <pre>
 * images: {image_name: REPO, image_config_path: VALUES.PATH, registry: ...}    # one image built from image/
 * images: {images: [{name: REPO, path: DIR, helm_substitution_path: VALUES.PATH}], registry: ...}
 * </pre>
 * {@code images.registry} and {@code cluster} (cloud credentials for hubploy) are ignored: registry and cluster access
 * come from the agent (Jenkins credentials, kubeconfig).
 */
final class HubployYamlReader {
    private static final String REPO2DOCKER_HINT = "hubploy built it with repo2docker; hubdeploy builds a Dockerfile:"
            + " add one (`repo2docker --no-build --debug DIR` prints the Dockerfile repo2docker would use)";

    private HubployYamlReader() {
    }

    static DeploymentConfig read(ConfigSource src, MapReader root, String deployment) throws HubDeployException {
        root.allowOnly("images", "cluster");
        List<ImageSpec> images = images(src, root.map("images"));
        ChartSpec chart = chart(src);
        Map<String, EnvironmentSpec> environments = new LinkedHashMap<>();
        List<String> names;
        try {
            names = HubployConventions.environments(src.dir());
        } catch (IOException e) {
            throw src.error(0, null, "cannot list " + src.dirForHumans() + "config/ (" + e.getMessage() + ")", null);
        }
        if (names.isEmpty()) {
            throw src.error(0, null, "no environments: " + src.dirForHumans() + "config/ has no <env>.yaml files",
                    "hubploy's layout needs config/staging.yaml and config/prod.yaml (config/common.yaml is shared)");
        }
        for (String env : names) {
            HubdeployYamlReader.checkEnvName(src, 0, "config/" + env + ".yaml", env);
            environments.put(env, HubdeployYamlReader.conventionEnvironment(src, deployment, env,
                    HubdeployYamlReader.DEFAULT_TEMPLATE, null, 0, null));
        }
        HubdeployYamlReader.checkReleaseNames(src, null, chart, deployment, environments);
        return new DeploymentConfig(deployment, src.file(), List.copyOf(images), BuildSettings.defaults(), chart,
                Collections.unmodifiableMap(environments), SmokeSpec.defaults());
    }

    private static List<ImageSpec> images(ConfigSource src, MapReader images) throws HubDeployException {
        List<ImageSpec> result = new ArrayList<>();
        if (images == null) {
            return result;
        }
        images.allowOnly("image_name", "image_config_path", "images", "registry");
        if (images.has("image_name")) {
            if (images.has("images")) {
                throw images.error("images", "both image_name and images are set",
                        "Use either the single-image form (image_name) or the list form (images: [{name, path}])");
            }
            String name = nameWithoutTag(images, "image_name");
            String valuesPath = images.optionalString("image_config_path", HubdeployYamlReader.DEFAULT_VALUES_PATH);
            HubdeployYamlReader.checkValuesPath(images, "image_config_path", valuesPath);
            result.add(image(src, name, "image", valuesPath, images, "image_name"));
            return result;
        }
        if (images.has("image_config_path")) {
            throw images.error("image_config_path", "image_config_path belongs to the single-image form",
                    "Set helm_substitution_path on each entry of images.images instead");
        }
        for (MapReader image : images.listOfMaps("images", "a list of images, each with name and path")) {
            image.allowOnly("name", "path", "helm_substitution_path");
            String name = nameWithoutTag(image, "name");
            String path = image.requiredString("path", "the image directory, relative to " + src.dirForHumans());
            String valuesPath = image.optionalString("helm_substitution_path", HubdeployYamlReader.DEFAULT_VALUES_PATH);
            HubdeployYamlReader.checkValuesPath(image, "helm_substitution_path", valuesPath);
            for (ImageSpec other : result) {
                if (other.valuesPath().equals(valuesPath)) {
                    throw image.error("helm_substitution_path", "helm_substitution_path '" + valuesPath
                                    + "' is already used by image " + other.name(),
                            "Set helm_substitution_path on each image to its own place in the helm values");
                }
            }
            result.add(image(src, name, path, valuesPath, image, "path"));
        }
        return result;
    }

    /** hubploy 0.4+ allows a pinned {@code name:tag} for prebuilt images; hubdeploy computes tags from content. */
    private static String nameWithoutTag(MapReader m, String key) throws HubDeployException {
        String raw = m.requiredString(key, "the image repository, e.g. gcr.io/project/user-image");
        String afterLastSlash = raw.substring(raw.lastIndexOf('/') + 1);
        if (afterLastSlash.contains(":")) {
            throw m.error(key, "'" + raw + "' pins a tag (a prebuilt image)",
                    "hubdeploy builds each image and derives its tag from the content: give the repository without"
                            + " tag and the image directory, or set the pinned image in config/common.yaml instead");
        }
        return HubdeployYamlReader.imageName(m, key);
    }

    private static ImageSpec image(ConfigSource src, String name, String path, String valuesPath, MapReader m,
                                   String key) throws HubDeployException {
        String context = RepoPaths.resolve(src, path, Kind.DIRECTORY, "image directory", m.line(key), m.field(key));
        String dockerfile = context + "/Dockerfile";
        if (!Files.isRegularFile(src.repoRoot().resolve(dockerfile))) {
            throw m.error(key, "the image directory " + context + " has no Dockerfile", REPO2DOCKER_HINT);
        }
        dockerfile = RepoPaths.resolve(src, path + "/Dockerfile", Kind.FILE, "Dockerfile", m.line(key), m.field(key));
        return new ImageSpec(name, context, dockerfile, valuesPath, Map.of(), null);
    }

    /** hubploy takes the chart on its command line; by convention (datahub) it is hub/ at the repository root. */
    private static ChartSpec chart(ConfigSource src) throws HubDeployException {
        if (!Files.isRegularFile(src.repoRoot().resolve("hub/Chart.yaml"))) {
            throw src.error(0, null, "no chart: hubploy's layout keeps the hub chart in hub/ at the repository root,"
                            + " and hub/Chart.yaml does not exist",
                    "Add the chart there, or write " + src.dirForHumans() + "hubdeploy.yaml with chart.path");
        }
        RepoPaths.resolveFrom(src, src.repoRoot(), "hub", Kind.DIRECTORY, "chart directory", 0, null);
        return new ChartSpec("hub", HubdeployYamlReader.DEFAULT_TEMPLATE, null);
    }
}
