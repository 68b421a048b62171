package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kubernetes-cli plugin's {@code withKubeConfig} writes the kubeconfig as {@code .kube<digits>config} into the
 * current directory, usually the workspace, which is often an image's build context. Such a file directly at a
 * context's root is never a build input: it is left out of the content tag (else the tag computed inside
 * {@code withKubeConfig} differs from the one built), and never sent to a builder.
 */
public final class KubeconfigExclusion {
    /** The rule in {@code .dockerignore} syntax: a name at the context root. */
    public static final String PATTERN = ".kube*config";
    private static final String PREFIX = ".kube";
    private static final String SUFFIX = "config";

    private KubeconfigExclusion() {
    }

    /** Whether {@code contextRelativePath} (slash-separated) is such a file at the context root. */
    public static boolean excludes(String contextRelativePath) {
        return contextRelativePath.indexOf('/') < 0 && contextRelativePath.startsWith(PREFIX)
                && contextRelativePath.endsWith(SUFFIX)
                && contextRelativePath.length() >= PREFIX.length() + SUFFIX.length();
    }

    /**
     * Writes the ignore file a builder gets with {@code --ignorefile}: the context's own {@code .dockerignore}, then
     * {@link #PATTERN} (last, so no {@code !} rule of the context brings it back). Returns the file's path.
     */
    public record WriteIgnoreFile(String contextDir, String target) implements AgentTask<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Path workspace) throws IOException {
            Path own = Path.of(contextDir).resolve(DockerIgnore.FILE_NAME);
            String rules = Files.isRegularFile(own) ? Files.readString(own, StandardCharsets.UTF_8) : "";
            String text = rules + (rules.isEmpty() || rules.endsWith("\n") ? "" : "\n") + PATTERN + "\n";
            ScratchDir.writePrivateFile(Path.of(target), text.getBytes(StandardCharsets.UTF_8));
            return target;
        }
    }

    /** For builders without an ignore-file option: such files at a context root, by name. */
    public record Find(String contextDir) implements AgentTask<ArrayList<String>> {
        private static final long serialVersionUID = 1L;

        @Override
        public ArrayList<String> call(Path workspace) throws IOException {
            ArrayList<String> found = new ArrayList<>();
            if (!Files.isDirectory(Path.of(contextDir))) {
                return found; // the builder reports a missing context itself
            }
            try (Stream<Path> files = Files.list(Path.of(contextDir))) {
                files.map(p -> p.getFileName().toString()).filter(KubeconfigExclusion::excludes).sorted()
                        .forEach(found::add);
            }
            return found;
        }
    }

    /** Exit 2 when a builder that cannot leave files out would send a kubeconfig to the builder. */
    static void refuseIfPresent(List<String> found, String builder, String context) throws HubDeployException {
        if (!found.isEmpty()) {
            throw HubDeployException.usage(builder + " cannot leave " + String.join(", ", found) + " (a kubeconfig, "
                    + "e.g. written by withKubeConfig) out of the build context '" + context + "'; build outside "
                    + "withKubeConfig, or use buildah/podman, which exclude it");
        }
    }
}
