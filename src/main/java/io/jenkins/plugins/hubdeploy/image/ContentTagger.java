package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.BuildSettings;
import io.jenkins.plugins.hubdeploy.config.ImageSource;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.Interruptions;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Content-addressed image tags: {@code h} + the first 20 hex digits of a SHA-256 over an image's build inputs
 * (docs/tags.md). In a git checkout the committed files' blob ids come from one {@code git ls-tree} for all images
 * and only what {@code git status} reports is read from disk; outside git every file is hashed into the same blob
 * ids, so both give the same tag for the same content.
 */
public final class ContentTagger {
    public static final String TAG_PREFIX = "h";
    public static final int TAG_HEX_DIGITS = 20;
    /** Stands where a Dockerfile's blob id would be for a repo2docker image (never a 40-hex blob id). */
    static final String REPO2DOCKER_MARKER = "repo2docker";

    private final ProcessRunner runner;
    private final Agent agent;
    private final BuildLog log;
    private final Map<String, String> env;

    public ContentTagger(ProcessRunner runner, Agent agent, BuildLog log) {
        this(runner, agent, log, Map.of());
    }

    /** {@code env}: the environment git runs with (the step's: withEnv, node properties); may be empty. */
    public ContentTagger(ProcessRunner runner, Agent agent, BuildLog log, Map<String, String> env) {
        this.runner = runner;
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    /** The tag of a SHA-256 digest: always starts with a letter (helm reads all-digit tags as numbers). */
    public static String formatTag(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
        }
        return TAG_PREFIX + HexFormat.of().formatHex(sha256).substring(0, TAG_HEX_DIGITS);
    }

    public String tagFor(ImageSpec image) throws IOException, InterruptedException, HubDeployException {
        return tagsFor(List.of(image)).get(0);
    }

    /**
     * One tag per image, in the order given. Paths in the specs are relative to the workspace (repository root). A
     * prebuilt image's "tag" is its pin ({@code TAG}, {@code sha256:HEX} or {@code TAG@sha256:HEX}): nothing is hashed.
     */
    public List<String> tagsFor(List<ImageSpec> images) throws IOException, InterruptedException, HubDeployException {
        return tagsFor(images, BuildSettings.DEFAULT_MAX_CONTEXT_FILES);
    }

    /** @param maxContextFiles the most files a context may keep after its .dockerignore (more is exit 2) */
    public List<String> tagsFor(List<ImageSpec> images, int maxContextFiles)
            throws IOException, InterruptedException, HubDeployException {
        if (images.stream().anyMatch(ImageSpec::prebuilt)) {
            List<ImageSpec> built = images.stream().filter(i -> !i.prebuilt()).toList();
            java.util.Iterator<String> builtTags = tagsFor(built, maxContextFiles).iterator();
            List<String> tags = new ArrayList<>();
            for (ImageSpec image : images) {
                tags.add(image.prebuilt() ? image.pin() : builtTags.next());
            }
            return tags;
        }
        if (images.isEmpty()) {
            return List.of();
        }
        List<Inputs> inputs = new ArrayList<>();
        for (ImageSpec image : images) {
            inputs.add(Inputs.of(image));
        }
        Set<String> contexts = new LinkedHashSet<>();
        Set<String> dockerfiles = new LinkedHashSet<>();
        for (Inputs in : inputs) {
            contexts.add(in.context());
            if (in.dockerfile() != null) {
                dockerfiles.add(in.dockerfile());
            }
        }
        Set<String> pathspecs = new LinkedHashSet<>(contexts);
        pathspecs.addAll(dockerfiles);
        // a path inside another pathspec adds nothing but matching work for git
        pathspecs.removeIf(path -> isUnderAny(path, pathspecs));

        Optional<GitSnapshot> git = new GitWorkTree(runner, log, env).snapshot(pathspecs);
        List<String> toScan = git.map(GitSnapshot::changed).orElseGet(() -> List.copyOf(pathspecs));
        ContentTagScan scan = agent.run(new ContentTagScanTask(List.copyOf(contexts), List.copyOf(dockerfiles), toScan,
                maxContextFiles));
        if (!scan.missingContexts().isEmpty()) {
            Inputs first = inputs.stream().filter(in -> scan.missingContexts().contains(in.context())).findFirst().orElseThrow();
            throw HubDeployException.usage("image " + first.name() + ": build context '" + first.context()
                    + "' (relative to the repository root) is not a directory; check the image's 'context' setting");
        }
        Map<String, FileEntry> files = merge(git, toScan, scan);
        git.ifPresentOrElse(
                g -> log.info("content tags: git tree " + g.commit().substring(0, 12) + ", " + g.changed().size()
                        + " changed/untracked path(s) hashed from disk"),
                () -> log.info("content tags: hashed " + scan.files().size() + " file(s) from disk"));
        return tags(inputs, files, scan, maxContextFiles);
    }

    /** Committed entries, minus everything at or under a path that was scanned on disk, plus what the scan found. */
    private static Map<String, FileEntry> merge(Optional<GitSnapshot> git, List<String> scanned, ContentTagScan scan)
            throws InterruptedException {
        Map<String, FileEntry> files = new HashMap<>();
        if (git.isPresent()) {
            Set<String> replaced = new HashSet<>(scanned);
            for (FileEntry entry : git.get().tracked()) {
                Interruptions.check("content tags");
                if (!replaced.contains(entry.path()) && !isUnderAny(entry.path(), replaced)) {
                    files.put(entry.path(), entry);
                }
            }
        }
        for (FileEntry entry : scan.files()) {
            files.put(entry.path(), entry);
        }
        return files;
    }

    private static boolean isUnderAny(String path, Set<String> dirs) {
        for (String dir : ContentTagPaths.ancestors(path)) {
            if (dirs.contains(dir)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tags(List<Inputs> inputs, Map<String, FileEntry> files, ContentTagScan scan,
                                     int maxContextFiles) throws HubDeployException, InterruptedException {
        Map<String, List<FileEntry>> byContext = new HashMap<>();
        Map<String, DockerIgnore> ignores = new HashMap<>();
        for (Inputs in : inputs) {
            byContext.putIfAbsent(in.context(), new ArrayList<>());
            String text = scan.dockerignores().get(in.context());
            ignores.put(in.context(), text == null ? DockerIgnore.none()
                    : ContentTagScanTask.parse(text, ContentTagPaths.join(in.context(), DockerIgnore.FILE_NAME)));
        }
        for (FileEntry entry : files.values()) {
            Interruptions.check("content tags");
            for (String dir : ContentTagPaths.ancestors(entry.path())) {
                List<FileEntry> list = byContext.get(dir);
                if (list != null) {
                    String relative = ContentTagPaths.relativeTo(dir, entry.path());
                    if (!ignores.get(dir).excludes(relative) && !KubeconfigExclusion.excludes(relative)) {
                        list.add(entry.withPath(relative));
                        if (list.size() > maxContextFiles) {
                            throw ContentTagScanTask.tooManyFiles(dir, maxContextFiles);
                        }
                    }
                }
            }
        }
        List<String> tags = new ArrayList<>();
        for (Inputs in : inputs) {
            if (in.dockerfile() == null) {
                // repo2docker: the directory's files and hubploy's repo2docker options are the whole input
                tags.add(formatTag(ContentTagDigest.digest(byContext.get(in.context()), REPO2DOCKER_MARKER,
                        in.buildArgs(), null)));
                continue;
            }
            FileEntry dockerfile = files.get(in.dockerfile());
            if (dockerfile == null) {
                throw HubDeployException.usage("image " + in.name() + ": Dockerfile '" + in.dockerfile()
                        + "' (relative to the repository root) does not exist; check the image's 'dockerfile' setting");
            }
            tags.add(formatTag(ContentTagDigest.digest(byContext.get(in.context()), dockerfile.objectId(),
                    in.buildArgs(), in.target())));
        }
        return tags;
    }

    /** An image's inputs with normalized workspace-relative paths. */
    private record Inputs(String name, String context, String dockerfile, Map<String, String> buildArgs, String target) {
        static Inputs of(ImageSpec image) throws HubDeployException {
            String name = image.name() == null ? "(unnamed)" : image.name();
            String context;
            try {
                context = ContentTagPaths.normalize(image.context());
            } catch (IllegalArgumentException e) {
                throw HubDeployException.usage("image " + name + ": context " + e.getMessage());
            }
            if (image.source() == ImageSource.REPO2DOCKER) {
                Map<String, String> options = new java.util.TreeMap<>();
                image.repo2docker().forEach((k, v) -> options.put("repo2docker." + k, v));
                return new Inputs(name, context, null, options, null);
            }
            String dockerfile;
            try {
                dockerfile = image.dockerfile() == null || image.dockerfile().isBlank()
                        ? ContentTagPaths.join(context, "Dockerfile")
                        : ContentTagPaths.normalize(image.dockerfile());
            } catch (IllegalArgumentException e) {
                throw HubDeployException.usage("image " + name + ": dockerfile " + e.getMessage());
            }
            return new Inputs(name, context, dockerfile, image.buildArgs() == null ? Map.of() : image.buildArgs(), image.target());
        }
    }
}
