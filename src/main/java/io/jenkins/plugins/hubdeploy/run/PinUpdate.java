package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The deployment repository's side of DataHub's split (images built in their own repositories, pinned here): moves
 * every pin of one image repository to a new tag (or digest). In each selected deployment that pins the image, the
 * exact old reference ({@code REPO:OLD}) is replaced where it is written, in hubploy.yaml and in the deployment's
 * non-secret values files (a profile list may name the image too); nothing else in the files changes. Runs where the
 * workspace is.
 *
 * @param image      the new reference, {@code REPO:TAG}, {@code REPO@sha256:...} or {@code REPO:TAG@sha256:...}
 * @param selection  the deployments to look at ({@code all} by default)
 */
public record PinUpdate(String image, DeploymentSelection selection) implements AgentTask<PinUpdate.Result> {
    private static final long serialVersionUID = 1L;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * @param repository the image repository
     * @param pin        the new pin (after the repository)
     * @param changed    deployment name to the repository-relative files changed in it
     * @param unchanged  deployments that pin the image at the new pin already
     */
    /** {@code previous}: for each changed deployment, the pins it had before (for the pull request's text). */
    public record Result(String repository, String pin, Map<String, List<String>> changed, List<String> unchanged,
                         Map<String, List<String>> previous) implements Serializable {
        private static final long serialVersionUID = 1L;

        public List<String> files() {
            List<String> files = new ArrayList<>();
            changed.values().forEach(files::addAll);
            return files;
        }
    }

    /** Splits {@code REPO:TAG} / {@code REPO@sha256:..} into repository and pin; exit 2 when it is neither. */
    static String[] split(String reference) throws HubDeployException {
        return split(reference, "--image");
    }

    /** {@code parameter}: the option or step parameter the reference came from, for the message. */
    static String[] split(String reference, String parameter) throws HubDeployException {
        String ref = reference == null ? "" : reference.strip();
        String rest = ref;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        int colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
        String tag = colon >= 0 ? rest.substring(colon + 1) : null;
        String repository = colon >= 0 ? rest.substring(0, colon) : rest;
        boolean ok = (tag != null || digest != null) && (tag == null || TAG.matcher(tag).matches())
                && (digest == null || DIGEST.matcher(digest).matches());
        try {
            ImageName.parse(repository);
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throw HubDeployException.usage(parameter + " '" + reference + "' is not a pinned image: give REPO:TAG,"
                    + " REPO@sha256:<64 hex> or REPO:TAG@sha256:<64 hex>, e.g."
                    + " us-central1-docker.pkg.dev/project/user-images/data8-user-image:84d9c800dba0");
        }
        String pin = tag == null ? digest : digest == null ? tag : tag + "@" + digest;
        return new String[] {repository, pin};
    }

    @Override
    public Result call(Path workspace) throws IOException, HubDeployException {
        String[] parts = split(image);
        String repository = parts[0];
        String pin = parts[1];
        List<String> names = selection.single() == null ? ConfigLoader.listDeployments(workspace)
                : selection.many() ? selection.resolve(workspace) : List.of(selection.single());
        Map<String, List<String>> changed = new TreeMap<>();
        List<String> unchanged = new ArrayList<>();
        Map<String, List<String>> previous = new TreeMap<>();
        for (String name : names) {
            DeploymentConfig config = ConfigLoader.load(workspace, name);
            List<ImageSpec> pins = config.images().stream()
                    .filter(i -> i.prebuilt() && i.name().equals(repository)).toList();
            if (pins.isEmpty()) {
                continue;
            }
            List<String> files = new ArrayList<>();
            List<String> oldPins = new ArrayList<>();
            for (ImageSpec old : pins) {
                if (old.pin().equals(pin)) {
                    continue;
                }
                String oldRef = repository + (old.pinnedTag() == null ? "@" : ":") + old.pin();
                String newRef = repository + (pin.startsWith("sha256:") ? "@" : ":") + pin;
                for (String file : candidates(config)) {
                    if (replace(workspace.resolve(file), oldRef, newRef) && !files.contains(file)) {
                        files.add(file);
                        if (!oldPins.contains(old.pin())) {
                            oldPins.add(old.pin());
                        }
                    }
                }
            }
            if (files.isEmpty()) {
                unchanged.add(name);
            } else {
                changed.put(name, List.copyOf(files));
                previous.put(name, List.copyOf(oldPins));
            }
        }
        return new Result(repository, pin, changed, unchanged, previous);
    }

    /** hubploy.yaml (or hubdeploy.yaml) and the values files of every environment that are not under secrets/. */
    private static List<String> candidates(DeploymentConfig config) {
        Set<String> files = new LinkedHashSet<>();
        files.add(config.configFile());
        for (EnvironmentSpec env : config.environments().values()) {
            for (String values : env.values()) {
                if (!values.contains("/secrets/") && !values.startsWith("secrets/")) {
                    files.add(values);
                }
            }
        }
        return List.copyOf(files);
    }

    /** Replaces whole occurrences of {@code oldRef} (not followed by more reference characters); true when changed. */
    private static boolean replace(Path file, String oldRef, String newRef) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String updated = Pattern.compile(Pattern.quote(oldRef) + "(?![A-Za-z0-9_.@:-])").matcher(text)
                .replaceAll(java.util.regex.Matcher.quoteReplacement(newRef));
        if (updated.equals(text)) {
            return false;
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
        return true;
    }
}
