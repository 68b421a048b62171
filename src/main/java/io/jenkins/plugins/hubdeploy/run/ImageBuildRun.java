package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSource;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.BuildRequest;
import io.jenkins.plugins.hubdeploy.image.Builders;
import io.jenkins.plugins.hubdeploy.image.BuiltImage;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.image.ImageBuilder;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.image.ManifestBatchLookupTask;
import io.jenkins.plugins.hubdeploy.image.ManifestLookupTask;
import io.jenkins.plugins.hubdeploy.image.ManifestStatus;
import io.jenkins.plugins.hubdeploy.image.Repo2DockerBuilder;
import io.jenkins.plugins.hubdeploy.image.Repo2DockerContext;
import io.jenkins.plugins.hubdeploy.image.SharedBuilds;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.MissingTool;
import io.jenkins.plugins.hubdeploy.platform.Parallel;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The build capability shared by {@code hubdeploy build} and the {@code buildHubImage} step: content tags, registry
 * check, build, push. A tag the registry already has is not rebuilt unless forced, and is never pushed over.
 * Registry checks run concurrently in one trip to the agent; builds run concurrently when the builder allows it.
 */
public final class ImageBuildRun {
    /** Concurrent builds at most: enough to overlap a build's I/O, few enough for a 2-core agent. */
    private static final int MAX_PARALLEL = 4;

    private final ProcessRunner runner;
    private final Agent agent;
    private final BuildLog log;
    private final Map<String, String> env;
    private SharedBuilds shared;

    /** {@code env}: extra environment for the builder processes (the step's EnvVars; empty in the CLI). */
    public ImageBuildRun(ProcessRunner runner, Agent agent, BuildLog log, Map<String, String> env) {
        this.runner = MissingTool.detecting(runner);
        this.agent = agent;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    /**
     * Builds shared with other deployments of the same run ({@link ManyDeployments}): an image they share is built
     * once. Returns this run.
     */
    public ImageBuildRun sharing(SharedBuilds builds) {
        this.shared = builds;
        return this;
    }

    public List<ImageResult> run(DeploymentConfig config, ImageBuildOptions options)
            throws IOException, InterruptedException, HubDeployException {
        config.notes().forEach(log::info);
        if (config.images().isEmpty()) {
            log.info(config.configFile() + " declares no images: nothing to build.");
            return List.of();
        }
        List<ImageSpec> images = new ArrayList<>();
        List<ImageResult> prebuilt = new ArrayList<>();
        for (ImageSpec spec : config.images()) {
            if (spec.prebuilt()) {
                ImageResult pinned = new ImageResult(spec.name(), spec.pin(), spec.pinnedDigest(), false, false, true);
                log.info(pinned.image() + ": prebuilt (pinned in " + config.configFile() + "), nothing to build here;"
                        + " the deploy checks that its registry has it");
                prebuilt.add(pinned);
            } else {
                images.add(spec);
            }
        }
        if (images.isEmpty()) {
            return prebuilt;
        }
        List<ImageResult> built = runBuilt(config, images, options);
        return inConfigOrder(config.images(), built, prebuilt);
    }

    /** The results in the order the config lists the images. */
    private static List<ImageResult> inConfigOrder(List<ImageSpec> all, List<ImageResult> built, List<ImageResult> prebuilt) {
        java.util.Iterator<ImageResult> b = built.iterator();
        java.util.Iterator<ImageResult> p = prebuilt.iterator();
        List<ImageResult> out = new ArrayList<>();
        for (ImageSpec spec : all) {
            out.add(spec.prebuilt() ? p.next() : b.next());
        }
        return out;
    }

    private List<ImageResult> runBuilt(DeploymentConfig config, List<ImageSpec> images, ImageBuildOptions options)
            throws IOException, InterruptedException, HubDeployException {
        List<String> tags = new ContentTagger(runner, agent, log, env).tagsFor(images, config.build().maxContextFiles());
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ImageSpec spec = images.get(i);
            ImageName name = ImageName.parse(spec.name());
            targets.add(new Target(spec, name, tags.get(i), config.build().isInsecure(name.registry())));
        }
        List<String> existing = lookup(targets, options);

        List<Integer> toBuild = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (existing.get(i) == null) {
                log.info(target.reference() + ": not in the registry, building.");
                toBuild.add(i);
            } else if (options.force()) {
                log.warn(target.reference() + ": already in the registry as " + existing.get(i)
                        + "; --force builds it again but never overwrites a pushed tag.");
                toBuild.add(i);
            } else {
                log.info(target.reference() + ": already in the registry (" + existing.get(i) + "), not rebuilt.");
            }
        }
        List<ImageResult> results = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            results.add(new ImageResult(t.spec().name(), t.tag(), existing.get(i), false, false));
        }
        if (toBuild.isEmpty()) {
            return results;
        }
        String builderSetting = options.builder() != null ? options.builder() : config.build().builder();
        ImageBuilder builder = Builders.select(builderSetting, runner, agent, env, log);
        if (targets.stream().anyMatch(t -> t.spec().source() == ImageSource.REPO2DOCKER)) {
            builder = new Repo2DockerBuilder(builder, new Repo2DockerContext(runner, agent, env, log), agent, log);
        }
        if (shared != null) {
            builder = shared.wrap(builder);
        }
        ImageBuilder chosen = builder;
        String platform = options.platform() != null ? options.platform() : config.build().platform();
        List<Target> buildTargets = toBuild.stream().map(targets::get).toList();
        List<BuiltImage> built = Parallel.map(buildTargets, chosen.supportsConcurrentBuilds() ? MAX_PARALLEL : 1,
                target -> {
                    boolean push = options.push() && existing.get(targets.indexOf(target)) == null;
                    BuildRequest request = new BuildRequest(target.spec(), target.name(), target.tag(), push,
                            options.noCache(), platform, null, target.insecure(), options.credentials());
                    log.info(target.reference() + ": building with " + chosen.name() + (push ? " and pushing" : ""));
                    return chosen.build(request);
                });
        for (int k = 0; k < toBuild.size(); k++) {
            int i = toBuild.get(k);
            BuiltImage image = built.get(k);
            String digest = image.pushed() ? image.digest() : existing.get(i);
            results.set(i, new ImageResult(targets.get(i).spec().name(), targets.get(i).tag(), digest, true,
                    image.pushed()));
        }
        return results;
    }

    /** The registry digest of every target's tag (null where the registry does not have it), in one agent trip. */
    private List<String> lookup(List<Target> targets, ImageBuildOptions options)
            throws IOException, InterruptedException, HubDeployException {
        List<ManifestLookupTask> lookups = targets.stream().map(target -> new ManifestLookupTask(target.name(),
                target.tag(), target.insecure(), options.credentials(), env)).toList();
        return agent.run(new ManifestBatchLookupTask(lookups)).stream().map(ManifestStatus::digest).toList();
    }

    private record Target(ImageSpec spec, ImageName name, String tag, boolean insecure) {
        String reference() {
            return name.withTag(tag);
        }
    }
}
