package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.config.RepoPaths.Kind;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a deployment in hubploy's layout ({@code deployments/<d>/hubploy.yaml}, {@code config/}, {@code secrets/}),
 * in each of the three forms hubploy's {@code config.py} has read over the years:
 * <pre>
 * images: {image_name: REPO, image_config_path: VALUES.PATH}          # one image built from image/ (2019)
 * images: {images: [{name: REPO, path: DIR, repo2docker: {...}, helm_substitution_path: VALUES.PATH}]}  # (2021)
 * images: {images: [{name: REPO:TAG}]}  or  {image_name: REPO:TAG}     # prebuilt elsewhere, pinned (2024)
 * </pre>
 * An image directory with a Dockerfile is built from it; without one, repo2docker builds it (as hubploy always
 * did). {@code images.registry} and {@code cluster} (cloud credentials for hubploy) are recognised and not used:
 * registry and cluster access come from Jenkins (credentialsId, withKubeConfig); the config's notes say so.
 */
final class HubployYamlReader {
    private HubployYamlReader() {
    }

    static DeploymentConfig read(ConfigSource src, MapReader root, String deployment) throws HubDeployException {
        root.allowOnly("images", "cluster");
        List<String> notes = new ArrayList<>();
        MapReader imagesSection = root.map("images");
        List<ImageSpec> images = images(src, imagesSection, notes);
        if (imagesSection != null && imagesSection.has("registry")) {
            notes.add(src.file() + ": images.registry" + describe(imagesSection.map("registry"))
                    + " is hubploy's registry login and is not used: in Jenkins the registry login comes from the"
                    + " step's credentialsId (CLI: --registry-user and --registry-password-env), else from the"
                    + " builder's own login (docker config.json / containers auth.json)");
        }
        if (root.has("cluster")) {
            notes.add(src.file() + ": cluster" + describe(root.map("cluster")) + " is hubploy's cluster login and is"
                    + " not used: in Jenkins the cluster comes from withKubeConfig (CLI: KUBECONFIG); hubploy's service"
                    + " key files are never read");
        }
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
                Collections.unmodifiableMap(environments), SmokeSpec.defaults(), notes, PromotionSpec.defaults());
    }

    /** " (provider gcloud, cluster fall-2019)" from the settings that say which cloud, or "". */
    private static String describe(MapReader section) {
        if (section == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        String provider = section.scalarOrNull("provider");
        if (provider != null) {
            parts.add("provider " + provider);
            try {
                MapReader cloud = section.map(provider);
                if (cloud != null) {
                    for (String key : List.of("project", "cluster", "zone", "region")) {
                        String value = cloud.scalarOrNull(key);
                        if (value != null) {
                            parts.add(key + " " + value);
                        }
                    }
                }
            } catch (HubDeployException e) {
                // not a mapping: hubploy's business, not ours
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static List<ImageSpec> images(ConfigSource src, MapReader images, List<String> notes)
            throws HubDeployException {
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
            String valuesPath = images.optionalString("image_config_path", HubdeployYamlReader.DEFAULT_VALUES_PATH);
            HubdeployYamlReader.checkValuesPath(images, "image_config_path", valuesPath);
            PinnedName pinned = PinnedName.read(images, "image_name");
            if (pinned.pin() != null) {
                result.add(ImageSpec.prebuilt(pinned.repository(), pinned.pin(), valuesPath));
            } else {
                result.add(built(src, pinned.repository(), "image", valuesPath, Map.of(), images, "image_name", notes));
            }
            return result;
        }
        if (images.has("image_config_path")) {
            throw images.error("image_config_path", "image_config_path belongs to the single-image form",
                    "Set helm_substitution_path on each entry of images.images instead");
        }
        for (MapReader image : images.listOfMaps("images", "a list of images, each with name and path")) {
            image.allowOnly("name", "path", "repo2docker", "helm_substitution_path");
            PinnedName pinned = PinnedName.read(image, "name");
            String valuesPath = valuesPath(image, result, pinned, notes);
            if (pinned.pin() != null) {
                for (String ignored : List.of("path", "repo2docker")) {
                    if (image.has(ignored)) {
                        notes.add(src.file() + ": " + image.field(ignored) + " is not used: " + pinned.repository()
                                + " is pinned (" + pinned.pin() + "), a prebuilt image, as hubploy deploys it");
                    }
                }
                result.add(ImageSpec.prebuilt(pinned.repository(), pinned.pin(), valuesPath));
                continue;
            }
            String path = image.requiredString("path", "the image directory, relative to " + src.dirForHumans()
                    + " (or pin a prebuilt image as name: REPO:TAG)");
            result.add(built(src, pinned.repository(), path, valuesPath, ImageDirectory.repo2dockerOptions(image),
                    image, "path", notes));
        }
        return result;
    }

    /**
     * The first image goes at jupyterhub.singleuser.image unless told otherwise; a later built image must say where
     * (two images at one place would overwrite each other); a later prebuilt image without one is checked and
     * recorded but set nowhere: the values name it themselves (DataHub's dev hub names its second image in a
     * profile list).
     */
    private static String valuesPath(MapReader image, List<ImageSpec> earlier, PinnedName pinned, List<String> notes)
            throws HubDeployException {
        String valuesPath;
        if (image.has("helm_substitution_path") || earlier.isEmpty() || pinned.pin() == null) {
            valuesPath = image.optionalString("helm_substitution_path", HubdeployYamlReader.DEFAULT_VALUES_PATH);
            HubdeployYamlReader.checkValuesPath(image, "helm_substitution_path", valuesPath);
        } else {
            notes.add(image.source().file() + ": " + image.field("name") + " (" + pinned.repository() + ":"
                    + pinned.pin() + ") has no helm_substitution_path: its tag is checked in the registry and"
                    + " recorded, but not set in the values (the first image is at "
                    + HubdeployYamlReader.DEFAULT_VALUES_PATH + "; the values must name this one themselves)");
            return null;
        }
        for (ImageSpec other : earlier) {
            if (valuesPath.equals(other.valuesPath())) {
                throw image.error("helm_substitution_path", "helm_substitution_path '" + valuesPath
                                + "' is already used by image " + other.name(),
                        "Set helm_substitution_path on each image to its own place in the helm values");
            }
        }
        return valuesPath;
    }

    /**
     * An image hubdeploy builds from a directory: from its Dockerfile when there is one, else with repo2docker
     * (which would itself use a Dockerfile first: both give the same build).
     */
    private static ImageSpec built(ConfigSource src, String name, String path, String valuesPath,
                                   Map<String, String> repo2docker, MapReader m, String key, List<String> notes)
            throws HubDeployException {
        String context = RepoPaths.resolve(src, path, Kind.DIRECTORY, "image directory", m.line(key), m.field(key));
        if (ImageDirectory.hasDockerfile(src, context)) {
            String dockerfile = RepoPaths.resolve(src, path + "/Dockerfile", Kind.FILE, "Dockerfile", m.line(key),
                    m.field(key));
            if (!repo2docker.isEmpty()) {
                notes.add(src.file() + ": the repo2docker options of " + name + " are not used: " + context
                        + " has a Dockerfile, which repo2docker builds as it is");
            }
            return new ImageSpec(name, context, dockerfile, valuesPath, Map.of(), null);
        }
        return ImageDirectory.repo2docker(name, context, valuesPath, repo2docker);
    }

    /** hubploy takes the chart on its command line; by convention (datahub) it is hub/ at the repository root. */
    private static ChartSpec chart(ConfigSource src) throws HubDeployException {
        if (!HubdeployYamlReader.hasDefaultChart(src)) {
            throw src.error(0, null, "no chart: hubploy's layout keeps the hub chart in hub/ at the repository root,"
                            + " and hub/Chart.yaml does not exist",
                    "Add the chart there, or write " + src.dirForHumans() + "hubdeploy.yaml with chart.path");
        }
        RepoPaths.resolveFrom(src, src.repoRoot(), "hub", Kind.DIRECTORY, "chart directory", 0, null);
        return new ChartSpec("hub", HubdeployYamlReader.DEFAULT_TEMPLATE, null);
    }
}
