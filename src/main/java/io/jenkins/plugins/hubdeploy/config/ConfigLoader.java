package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds, reads and validates a deployment's configuration. Every problem is exit 2 naming file, line and field.
 *
 * <p>Lookup with a deployment name: {@code deployments/<name>/hubdeploy.yaml}, else {@code deployments/<name>/hubploy.yaml}
 * (hubploy's layout), else a root {@code hubdeploy.yaml} whose {@code name} (or, absent, the repository directory's
 * name) is {@code <name>}. Without a name: the root {@code hubdeploy.yaml}, else the only deployment under
 * {@code deployments/}.
 */
public final class ConfigLoader {
    public static final String HUBDEPLOY_YAML = "hubdeploy.yaml";
    public static final String HUBPLOY_YAML = "hubploy.yaml";
    public static final String DEPLOYMENTS_DIR = "deployments";

    private ConfigLoader() {
    }

    /**
     * @param repoRoot   the repository root
     * @param deployment the deployment name, or null when the repository has exactly one
     */
    public static DeploymentConfig load(Path repoRoot, String deployment) throws HubDeployException {
        Path root = checkedRoot(repoRoot);
        if (deployment != null && deployment.isBlank()) {
            deployment = null;
        }
        if (deployment != null) {
            return loadNamed(root, deployment.strip());
        }
        Path rootFile = root.resolve(HUBDEPLOY_YAML);
        if (Files.isRegularFile(rootFile)) {
            return loadRootFile(root, rootFile);
        }
        List<String> found = deploymentDirs(root);
        if (found.size() == 1) {
            return loadNamed(root, found.get(0));
        }
        if (found.isEmpty()) {
            throw HubDeployException.usage("No deployment configuration in " + root + ": expected " + HUBDEPLOY_YAML
                    + " at the repository root, or " + DEPLOYMENTS_DIR + "/<name>/" + HUBDEPLOY_YAML + " (or hubploy's "
                    + DEPLOYMENTS_DIR + "/<name>/" + HUBPLOY_YAML + "). See docs/configuration.md.");
        }
        throw HubDeployException.usage("This repository has " + found.size() + " deployments (" + String.join(", ", found)
                + "); pass -d NAME to choose one.");
    }

    /**
     * The deployments this repository defines: the root hubdeploy.yaml's (first, when present), then the directories
     * under {@code deployments/} holding a hubdeploy.yaml or hubploy.yaml, sorted.
     */
    public static List<String> listDeployments(Path repoRoot) throws HubDeployException {
        Path root = checkedRoot(repoRoot);
        List<String> names = new ArrayList<>();
        Path rootFile = root.resolve(HUBDEPLOY_YAML);
        if (Files.isRegularFile(rootFile)) {
            names.add(rootName(root, rootFile));
        }
        for (String d : deploymentDirs(root)) {
            if (!names.contains(d)) {
                names.add(d);
            }
        }
        return names;
    }

    /** " (did you mean 'x'?)" for the nearest of {@code known}, or "". */
    public static String didYouMean(String name, List<String> known) {
        return Suggestions.didYouMean(name, known);
    }

    private static DeploymentConfig loadNamed(Path root, String name) throws HubDeployException {
        NameRules.checkDeployment(name);
        Path dir = root.resolve(DEPLOYMENTS_DIR).resolve(name);
        Path hubdeploy = dir.resolve(HUBDEPLOY_YAML);
        if (Files.isRegularFile(hubdeploy)) {
            ConfigSource src = sourceFor(root, hubdeploy);
            MapReader top = MapReader.root(src, YamlTreeReader.read(src, hubdeploy));
            String declared = top.optionalString("name", null);
            if (declared != null && !declared.equals(name)) {
                throw top.error("name", "name '" + declared + "' differs from the deployment directory "
                        + DEPLOYMENTS_DIR + "/" + name, "Remove 'name:' (the directory names the deployment) or make them equal");
            }
            return HubdeployYamlReader.read(src, top, name);
        }
        Path hubploy = dir.resolve(HUBPLOY_YAML);
        if (Files.isRegularFile(hubploy)) {
            ConfigSource src = sourceFor(root, hubploy);
            return HubployYamlReader.read(src, MapReader.root(src, YamlTreeReader.read(src, hubploy)), name);
        }
        Path rootFile = root.resolve(HUBDEPLOY_YAML);
        if (Files.isRegularFile(rootFile) && rootName(root, rootFile).equals(name)) {
            return loadRootFile(root, rootFile);
        }
        List<String> known = listDeployments(root);
        throw HubDeployException.usage("Unknown deployment '" + name + "'" + Suggestions.didYouMean(name, known)
                + ": looked for " + DEPLOYMENTS_DIR + "/" + name + "/" + HUBDEPLOY_YAML + ", " + DEPLOYMENTS_DIR + "/"
                + name + "/" + HUBPLOY_YAML + " and a root " + HUBDEPLOY_YAML + " named '" + name + "'. "
                + (known.isEmpty() ? "This repository defines no deployment (see docs/configuration.md)."
                : "This repository defines: " + String.join(", ", known) + "; pass one of those with -d."));
    }

    private static DeploymentConfig loadRootFile(Path root, Path rootFile) throws HubDeployException {
        ConfigSource src = sourceFor(root, rootFile);
        MapReader top = MapReader.root(src, YamlTreeReader.read(src, rootFile));
        String name = top.optionalString("name", null);
        if (name == null) {
            name = root.getFileName() == null ? "hub" : root.getFileName().toString();
        } else if (!Rules.DNS_LABEL.matcher(name).matches()) {
            throw top.error("name", "'" + name + "' is not a usable deployment name",
                    "Use lowercase letters, digits and '-' (it becomes part of namespaces and release names)");
        }
        return HubdeployYamlReader.read(src, top, name);
    }

    private static String rootName(Path root, Path rootFile) throws HubDeployException {
        ConfigSource src = sourceFor(root, rootFile);
        MapReader top = MapReader.root(src, YamlTreeReader.read(src, rootFile));
        String name = top.optionalString("name", null);
        return name != null ? name : root.getFileName() == null ? "hub" : root.getFileName().toString();
    }

    /** The config file itself may be a symbolic link only to a file inside the repository. */
    private static ConfigSource sourceFor(Path root, Path file) throws HubDeployException {
        ConfigSource src = ConfigSource.of(root, file);
        try {
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw src.error(0, null, "is a symbolic link to a file outside the repository",
                        "Keep the configuration inside the repository");
            }
        } catch (IOException e) {
            throw src.error(0, null, "cannot be read (" + e.getMessage() + ")", null);
        }
        return src;
    }

    private static List<String> deploymentDirs(Path root) throws HubDeployException {
        Path dir = root.resolve(DEPLOYMENTS_DIR);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> Files.isRegularFile(p.resolve(HUBDEPLOY_YAML)) || Files.isRegularFile(p.resolve(HUBPLOY_YAML)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw HubDeployException.usage("Cannot list " + dir + ": " + e.getMessage());
        }
        return names;
    }

    private static Path checkedRoot(Path repoRoot) throws HubDeployException {
        if (repoRoot == null) {
            throw HubDeployException.usage("No repository root given.");
        }
        Path root = repoRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw HubDeployException.usage("Repository root " + root + " is not a directory; pass the checkout with -C DIR.");
        }
        return root;
    }
}
