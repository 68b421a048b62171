package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.config.MapReader.Located;
import io.jenkins.plugins.hubdeploy.config.RepoPaths.Kind;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a {@code hubdeploy.yaml} (schema: docs/configuration.md). */
final class HubdeployYamlReader {
    static final String DEFAULT_VALUES_PATH = "jupyterhub.singleuser.image";
    static final String DEFAULT_TEMPLATE = "{deployment}-{env}";
    static final Set<String> BUILDERS = Set.of("auto", "buildah", "docker", "podman", "kaniko");

    private final ConfigSource src;
    private final MapReader root;
    private final String deployment;

    private HubdeployYamlReader(ConfigSource src, MapReader root, String deployment) {
        this.src = src;
        this.root = root;
        this.deployment = deployment;
    }

    /**
     * @param deployment the deployment's name as the file's location gives it
     */
    static DeploymentConfig read(ConfigSource src, MapReader root, String deployment) throws HubDeployException {
        return new HubdeployYamlReader(src, root, deployment).read();
    }

    private DeploymentConfig read() throws HubDeployException {
        root.allowOnly("name", "images", "build", "chart", "environments", "smoke", "promotion");
        List<ImageSpec> images = images();
        BuildSettings build = build(root.map("build"));
        if (imageOnly(images)) {
            for (String key : List.of("smoke", "promotion")) {
                if (root.has(key)) {
                    throw root.error(key, key + " is set, but " + src.file() + " is an image-only configuration (no"
                                    + " chart, no environments, no hub/Chart.yaml, no config/<env>.yaml): nothing is"
                                    + " deployed from it",
                            "Remove " + key + " (the deployment repository that pins the image smoke-tests and"
                                    + " promotes it), or add chart and environments to deploy from here");
                }
            }
            return new DeploymentConfig(deployment, src.file(), List.copyOf(images), build, null, Map.of(),
                    SmokeSpec.defaults(), List.of(), PromotionSpec.defaults());
        }
        ChartSpec chart = chart(src, root.map("chart"), deployment);
        Map<String, EnvironmentSpec> environments = environments();
        checkReleaseNames(src, root.map("chart"), chart, deployment, environments);
        SmokeSpec smoke = smoke(root.map("smoke"));
        PromotionSpec promotion = PromotionYamlReader.read(src, root.map("promotion"));
        return new DeploymentConfig(deployment, src.file(), List.copyOf(images), build, chart,
                Collections.unmodifiableMap(environments), smoke, List.of(), promotion);
    }

    /**
     * An image repository's file: images to build, and nothing that names a hub. It takes all four absences, so a
     * deployment that only forgot one half (a chart, or its environments) still gets the error naming that half:
     * no {@code chart} key, no {@code hub/Chart.yaml} (the default chart), no {@code environments} key and no
     * {@code config/<env>.yaml} beside the file (the default environments).
     */
    private boolean imageOnly(List<ImageSpec> images) throws HubDeployException {
        return !images.isEmpty() && !root.has("chart") && !root.has("environments") && !hasDefaultChart(src)
                && conventionEnvironments().isEmpty();
    }

    /** The repository keeps its hub chart where hubploy's layout does: hub/Chart.yaml at its root. */
    static boolean hasDefaultChart(ConfigSource src) {
        return Files.isRegularFile(src.repoRoot().resolve("hub").resolve("Chart.yaml"));
    }

    /** The environments hubploy's convention gives: one per config/<env>.yaml beside the file. */
    private List<String> conventionEnvironments() throws HubDeployException {
        try {
            return HubployConventions.environments(src.dir());
        } catch (IOException e) {
            throw src.error(0, "environments", "cannot list config/ (" + e.getMessage() + ")", null);
        }
    }

    private List<ImageSpec> images() throws HubDeployException {
        List<ImageSpec> images = new ArrayList<>();
        Map<String, String> namesSeen = new HashMap<>();
        Map<String, String> valuesPathsSeen = new HashMap<>();
        for (MapReader image : root.listOfMaps("images", "a list of images, each with name and context")) {
            image.allowOnly("name", "context", "dockerfile", "valuesPath", "buildArgs", "target", "repo2docker");
            PinnedName pinned = PinnedName.read(image, "name");
            String name = pinned.repository();
            String previous = namesSeen.putIfAbsent(name, image.field("name"));
            if (previous != null) {
                throw image.error("name", "image '" + name + "' is listed twice (also at " + previous + ")",
                        "Each image must have its own name");
            }
            if (pinned.pin() != null) {
                images.add(prebuilt(image, pinned, valuesPathsSeen, images.isEmpty()));
                continue;
            }
            String contextRaw = image.requiredString("context",
                    "the build context directory, relative to " + src.dirForHumans()
                            + " (or pin a prebuilt image as name: REPO:TAG)");
            String context = RepoPaths.resolve(src, contextRaw, Kind.DIRECTORY, "build context",
                    image.line("context"), image.field("context"));
            if (!image.has("dockerfile") && !ImageDirectory.hasDockerfile(src, context)) {
                images.add(repo2docker(image, name, context, valuesPathsSeen, images.isEmpty()));
                continue;
            }
            if (image.has("repo2docker")) {
                throw image.error("repo2docker", "repo2docker is set, but " + name + " is built from a Dockerfile ("
                                + (image.has("dockerfile") ? "dockerfile is set" : context + "/Dockerfile exists")
                                + ")",
                        "Remove repo2docker, or remove the Dockerfile (and dockerfile) to build " + context
                                + " with repo2docker");
            }
            String dockerfileRaw = image.optionalString("dockerfile", "Dockerfile");
            String dockerfile = RepoPaths.resolveFrom(src, src.repoRoot().resolve(context).normalize(), dockerfileRaw,
                    Kind.FILE, "Dockerfile", image.line("dockerfile"), image.field("dockerfile"));
            String valuesPath = uniqueValuesPath(image, valuesPathsSeen, images.isEmpty());
            Map<String, String> buildArgs = new LinkedHashMap<>();
            for (Map.Entry<String, Located> arg : image.stringMap("buildArgs").entrySet()) {
                if (!Rules.BUILD_ARG.matcher(arg.getKey()).matches()) {
                    throw src.error(arg.getValue().line(), arg.getValue().field(), "'" + arg.getKey()
                            + "' is not a valid build argument name", "Use letters, digits and '_', not starting with a digit");
                }
                buildArgs.put(arg.getKey(), arg.getValue().value());
            }
            String target = image.optionalString("target", null);
            if (target != null && target.isBlank()) {
                throw image.error("target", "target is empty", "Give a stage name from the Dockerfile, or remove the key");
            }
            images.add(new ImageSpec(name, context, dockerfile, valuesPath, Collections.unmodifiableMap(buildArgs), target));
        }
        return images;
    }

    /**
     * A context without a Dockerfile: repo2docker builds it when it has repo2docker's files (as hubploy's layout
     * does); a directory with neither is refused naming both ways.
     */
    private ImageSpec repo2docker(MapReader image, String name, String context, Map<String, String> valuesPathsSeen,
                                  boolean first) throws HubDeployException {
        if (!ImageDirectory.hasRepo2DockerFiles(src, context)) {
            throw image.error("context", "the build context " + context + " has no Dockerfile and no repo2docker"
                            + " files (" + String.join(", ", ImageDirectory.REPO2DOCKER_FILES.subList(0, 4))
                            + ", apt.txt, postBuild, ...)",
                    "Add a Dockerfile there (or set dockerfile: to one), or add repo2docker's files (e.g."
                            + " environment.yml) to build it with repo2docker");
        }
        for (String key : List.of("buildArgs", "target")) {
            if (image.has(key)) {
                throw image.error(key, key + " is set, but " + context + " has no Dockerfile: repo2docker builds it"
                                + " and " + key + " applies to Dockerfile builds",
                        "Remove " + key + ", or add a Dockerfile to " + context);
            }
        }
        return ImageDirectory.repo2docker(name, context, uniqueValuesPath(image, valuesPathsSeen, first),
                ImageDirectory.repo2dockerOptions(image));
    }

    /** Keys that only mean something for an image built here. */
    private static final List<String> BUILD_KEYS = List.of("context", "dockerfile", "buildArgs", "target",
            "repo2docker");

    /**
     * A prebuilt image pinned as {@code name: REPO:TAG} / {@code REPO@sha256:...} (built in its own repository, as
     * hubploy.yaml pins them): nothing is built here, so a build key beside the pin is a contradiction, refused.
     */
    private ImageSpec prebuilt(MapReader image, PinnedName pinned, Map<String, String> valuesPathsSeen, boolean first)
            throws HubDeployException {
        for (String key : BUILD_KEYS) {
            if (image.has(key)) {
                throw image.error(key, key + " is set, but the image " + pinned.repository() + " is pinned ("
                                + pinned.pin() + "): a pinned image is prebuilt elsewhere and never built here",
                        "Remove " + key + " to deploy the pinned image, or write the name without :TAG or @sha256:"
                                + " to build it here from its context");
            }
        }
        return ImageSpec.prebuilt(pinned.repository(), pinned.pin(), uniqueValuesPath(image, valuesPathsSeen, first));
    }

    private String uniqueValuesPath(MapReader image, Map<String, String> valuesPathsSeen, boolean first)
            throws HubDeployException {
        String valuesPath = valuesPath(image, first);
        String other = valuesPathsSeen.putIfAbsent(valuesPath, image.field("valuesPath"));
        if (other != null) {
            throw image.error("valuesPath", "valuesPath '" + valuesPath + "' is already used by " + other,
                    "Each image needs its own place in the helm values");
        }
        return valuesPath;
    }

    private String valuesPath(MapReader image, boolean first) throws HubDeployException {
        String valuesPath = first ? image.optionalString("valuesPath", DEFAULT_VALUES_PATH)
                : image.requiredString("valuesPath", "where this image's name and tag go in the helm values, e.g. "
                + "jupyterhub.hub.image (only the first image defaults to " + DEFAULT_VALUES_PATH + ")");
        checkValuesPath(image, "valuesPath", valuesPath);
        return valuesPath;
    }

    static void checkValuesPath(MapReader m, String key, String valuesPath) throws HubDeployException {
        if (!Rules.VALUES_PATH.matcher(valuesPath).matches()) {
            throw m.error(key, "'" + valuesPath + "' is not a dotted helm values path",
                    "Expected keys separated by dots, e.g. " + DEFAULT_VALUES_PATH);
        }
    }

    private BuildSettings build(MapReader build) throws HubDeployException {
        if (build == null) {
            return BuildSettings.defaults();
        }
        build.allowOnly("builder", "platform", "insecureRegistries", "maxContextFiles");
        String builder = build.optionalString("builder", "auto");
        if (!BUILDERS.contains(builder)) {
            throw build.error("builder", "unknown builder '" + builder + "'"
                            + Suggestions.didYouMean(builder, BUILDERS),
                    "Expected one of auto, buildah, docker, podman, kaniko");
        }
        String platform = build.optionalString("platform", null);
        if (platform != null && !Rules.PLATFORM.matcher(platform).matches()) {
            throw build.error("platform", "'" + platform + "' is not a platform", "Expected os/arch[/variant], e.g. linux/amd64");
        }
        List<String> insecure = new ArrayList<>();
        for (Located host : build.stringList("insecureRegistries", "registry hosts, host[:port]")) {
            if (!Rules.HOST_PORT.matcher(host.value()).matches()) {
                throw src.error(host.line(), host.field(), "'" + host.value() + "' is not a registry host[:port]",
                        "Give the host only, e.g. registry.internal:5000 (no scheme, no path)");
            }
            insecure.add(host.value());
        }
        int maxContextFiles = build.optionalInt("maxContextFiles", BuildSettings.DEFAULT_MAX_CONTEXT_FILES, 1,
                Integer.MAX_VALUE - 1);
        return new BuildSettings(builder, platform, List.copyOf(insecure), maxContextFiles);
    }

    /**
     * The chart: {@code path} is a directory (relative to the config file) holding Chart.yaml, or a repository
     * reference ({@code repo/chart}, {@code oci://...}); absent, the repository's {@code hub/} directory.
     */
    static ChartSpec chart(ConfigSource src, MapReader chart, String deployment) throws HubDeployException {
        if (chart != null) {
            chart.allowOnly("path", "release", "version");
        }
        String release = chart == null ? DEFAULT_TEMPLATE : chart.optionalString("release", DEFAULT_TEMPLATE);
        if (chart != null) {
            checkTemplate(chart, "release", release);
        }
        String version = chart == null ? null : chart.optionalString("version", null);
        String raw = chart == null ? null : chart.optionalString("path", null);
        if (raw == null) {
            if (hasDefaultChart(src)) {
                checkLocalVersion(chart, version);
                return new ChartSpec("hub", release, version);
            }
            int line = chart == null ? 0 : chart.line();
            throw src.error(line, "chart.path", "no chart: chart.path is not set and the repository has no hub/Chart.yaml",
                    "Set chart.path to the chart directory (relative to " + src.dirForHumans()
                            + ") or a repository chart such as jupyterhub/jupyterhub");
        }
        if (raw.startsWith("oci://") || raw.startsWith("https://") || raw.startsWith("http://")) {
            return new ChartSpec(raw, release, version);
        }
        boolean looksLikeReference = Rules.CHART_REFERENCE.matcher(raw).matches();
        if (looksLikeReference && !Files.exists(src.dir().resolve(raw))) {
            return new ChartSpec(raw, release, version);
        }
        String dir = RepoPaths.resolve(src, raw, Kind.DIRECTORY, "chart directory", chart.line("path"), chart.field("path"));
        if (!Files.isRegularFile(src.repoRoot().resolve(dir).resolve("Chart.yaml"))) {
            throw chart.error("path", "the chart directory " + dir + " has no Chart.yaml",
                    "Point chart.path at a helm chart directory");
        }
        checkLocalVersion(chart, version);
        return new ChartSpec(dir, release, version);
    }

    private static void checkLocalVersion(MapReader chart, String version) throws HubDeployException {
        if (version != null) {
            throw chart.error("version", "version applies to charts from a helm repository, but this chart is a local"
                    + " directory", "Remove chart.version; a local chart's version is in its Chart.yaml");
        }
    }

    static void checkTemplate(MapReader m, String key, String template) throws HubDeployException {
        String unknown = Rules.unknownPlaceholder(template);
        if (unknown != null) {
            throw m.error(key, "unknown placeholder " + unknown + " in '" + template + "'",
                    "Only {deployment} and {env} are replaced");
        }
    }

    private Map<String, EnvironmentSpec> environments() throws HubDeployException {
        Map<String, EnvironmentSpec> result = new LinkedHashMap<>();
        if (!root.has("environments")) {
            List<String> names = conventionEnvironments();
            if (names.isEmpty()) {
                throw src.error(root.line(), "environments", "no environments: the file has no 'environments:' and "
                                + src.dirForHumans() + " has no config/<env>.yaml files",
                        "Add environments: {staging: {values: [...]}, prod: {values: [...]}}");
            }
            for (String env : names) {
                checkEnvName(src, root.keyLine("environments"), "environments", env);
                result.put(env, conventionEnvironment(src, deployment, env, DEFAULT_TEMPLATE, null, 0, "environments"));
            }
            return result;
        }
        Map<String, MapReader> envs = root.mapOfMaps("environments");
        if (envs.isEmpty()) {
            throw root.error("environments", "environments is empty", "Define at least one, e.g. staging and prod");
        }
        for (Map.Entry<String, MapReader> e : envs.entrySet()) {
            String env = e.getKey();
            MapReader m = e.getValue().allowOnly("namespace", "values", "hubUrl");
            checkEnvName(src, m.line(), m.path(), env);
            String namespaceTemplate = m.optionalString("namespace", DEFAULT_TEMPLATE);
            checkTemplate(m, "namespace", namespaceTemplate);
            String namespace = namespace(m, env, namespaceTemplate);
            List<String> values = new ArrayList<>();
            if (m.has("values")) {
                for (Located file : m.stringList("values", "helm values files, relative to " + src.dirForHumans())) {
                    String rel = RepoPaths.resolve(src, file.value(), Kind.FILE, "values file", file.line(), file.field());
                    if (values.contains(rel)) {
                        throw src.error(file.line(), file.field(), "values file " + rel + " is listed twice", null);
                    }
                    values.add(rel);
                }
            } else {
                for (String conv : HubployConventions.valuesFiles(src.dir(), env)) {
                    values.add(RepoPaths.resolve(src, conv, Kind.FILE, "values file", m.line(), m.field("values")));
                }
            }
            String hubUrl = hubUrl(m);
            result.put(env, new EnvironmentSpec(env, namespace, List.copyOf(values), hubUrl));
        }
        return result;
    }

    /** An environment laid out the hubploy way under {@code src.dir()}. */
    static EnvironmentSpec conventionEnvironment(ConfigSource src, String deployment, String env, String nsTemplate,
                                                 String hubUrl, int line, String field) throws HubDeployException {
        List<String> values = new ArrayList<>();
        for (String conv : HubployConventions.valuesFiles(src.dir(), env)) {
            values.add(RepoPaths.resolve(src, conv, Kind.FILE, "values file", line, field));
        }
        String namespace = Rules.expand(nsTemplate, deployment, env);
        if (namespace.length() > Rules.NAMESPACE_MAX || !Rules.DNS_LABEL.matcher(namespace).matches()) {
            throw src.error(line, field, "the namespace '" + namespace + "' derived from deployment '" + deployment
                            + "' and environment '" + env + "' is not a valid Kubernetes namespace",
                    "Rename the deployment directory to lowercase letters, digits and '-', or write a hubdeploy.yaml"
                            + " with environments.<env>.namespace");
        }
        return new EnvironmentSpec(env, namespace, List.copyOf(values), hubUrl);
    }

    static void checkEnvName(ConfigSource src, int line, String field, String env) throws HubDeployException {
        if (!NameRules.isEnvironmentName(env)) {
            throw src.error(line, field, "'" + env + "' is not a usable environment name",
                    "Use lowercase letters, digits and '-' (it becomes part of the namespace and release name)");
        }
    }

    private String namespace(MapReader m, String env, String template) throws HubDeployException {
        String namespace = Rules.expand(template, deployment, env);
        if (namespace.length() > Rules.NAMESPACE_MAX || !Rules.DNS_LABEL.matcher(namespace).matches()) {
            throw m.error("namespace", "'" + namespace + "' is not a valid Kubernetes namespace",
                    "Expected lowercase letters, digits and '-', at most " + Rules.NAMESPACE_MAX
                            + " characters, starting and ending with a letter or digit");
        }
        return namespace;
    }

    private String hubUrl(MapReader m) throws HubDeployException {
        String url = m.optionalString("hubUrl", null);
        if (url == null) {
            return null;
        }
        if (HubUrl.problem(url) != null) {
            throw m.error("hubUrl", "'" + url + "' is not a hub URL",
                    "Expected http(s)://host[:port][/path], e.g. https://staging.datahub.example.org (no credentials)");
        }
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static void checkReleaseNames(ConfigSource src, MapReader chart, ChartSpec spec, String deployment,
                                  Map<String, EnvironmentSpec> environments) throws HubDeployException {
        for (String env : environments.keySet()) {
            String release = spec.releaseFor(deployment, env);
            if (release.length() > Rules.RELEASE_MAX || !Rules.RELEASE.matcher(release).matches()) {
                int line = chart == null ? 0 : chart.line("release");
                throw src.error(line, "chart.release", "the release name '" + release + "' (environment " + env
                                + ") is not a valid helm release name",
                        "Expected lowercase letters, digits, '-' and '.', at most " + Rules.RELEASE_MAX + " characters");
            }
        }
    }

    private SmokeSpec smoke(MapReader smoke) throws HubDeployException {
        SmokeSpec defaults = SmokeSpec.defaults();
        if (smoke == null) {
            return defaults;
        }
        smoke.allowOnly("user", "imports", "notebooks", "timeout");
        String user = smoke.optionalString("user", defaults.user());
        if (!Rules.HUB_USER.matcher(user).matches()) {
            throw smoke.error("user", "'" + user + "' is not a usable test user name",
                    "Use lowercase letters, digits, '.', '_' and '-'");
        }
        List<String> imports = new ArrayList<>();
        for (Located module : smoke.stringList("imports", "Python module names")) {
            if (!Rules.PYTHON_MODULE.matcher(module.value()).matches()) {
                throw src.error(module.line(), module.field(), "'" + module.value() + "' is not a Python module name",
                        "Give the name used in 'import', e.g. numpy or matplotlib.pyplot");
            }
            imports.add(module.value());
        }
        List<String> notebooks = new ArrayList<>();
        for (Located nb : smoke.stringList("notebooks", "notebook files, relative to " + src.dirForHumans())) {
            if (!nb.value().endsWith(".ipynb")) {
                throw src.error(nb.line(), nb.field(), "'" + nb.value() + "' is not a notebook", "Expected a .ipynb file");
            }
            notebooks.add(RepoPaths.resolve(src, nb.value(), Kind.FILE, "notebook", nb.line(), nb.field()));
        }
        int timeout = smoke.optionalInt("timeout", defaults.timeoutSeconds(), 1, 86_400);
        return new SmokeSpec(user, List.copyOf(imports), List.copyOf(notebooks), timeout);
    }
}
