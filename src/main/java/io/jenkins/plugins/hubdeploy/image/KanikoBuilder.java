package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds with the kaniko executor ({@code /kaniko/executor}, in a Kubernetes agent's kaniko container: use it
 * inside {@code container('kaniko') { ... }}). Kaniko builds and pushes in one run ({@code --digest-file}), or
 * builds only ({@code --no-push}). It unpacks the image into its own container's root filesystem, so builds never
 * run concurrently, and {@code --cleanup} leaves the filesystem clean for the next image. Kaniko has no cache from
 * an image tag (its cache is a {@code --cache-repo}), so the request's cache tag is not used; its cache is off by
 * default, which is what no-cache asks for.
 */
public final class KanikoBuilder implements ImageBuilder {
    public static final String DEFAULT_EXECUTOR = "/kaniko/executor";
    static final String INSTALL_HINT = "run the build inside the kaniko container of a Kubernetes agent"
            + " (container('kaniko') with image gcr.io/kaniko-project/executor:debug), or set builder to buildah,"
            + " podman or docker";

    private final String executor;
    private final Agent agent;
    private final Map<String, String> env;
    private final BuilderProcess process;

    public KanikoBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log) {
        this(runner, agent, env, log, DEFAULT_EXECUTOR);
    }

    /** {@code executor}: the path of the kaniko executor. */
    public KanikoBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log, String executor) {
        this.executor = executor;
        this.agent = agent;
        this.env = Map.copyOf(env);
        this.process = new BuilderProcess(runner, env, log, "kaniko", INSTALL_HINT);
    }

    @Override
    public String name() {
        return "kaniko";
    }

    @Override
    public boolean supportsConcurrentBuilds() {
        return false;
    }

    /** Whether {@code executor version} runs: through the process runner, so in the container the steps run in. */
    boolean isAvailable() throws InterruptedException {
        return process.probe(List.of(executor, "version"));
    }

    @Override
    public BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException {
        String reference = request.reference();
        try (BuildScratch scratch = BuildScratch.open(agent, request, env, process.log())) {
            BuilderFiles.Paths paths = scratch.paths();
            Map<String, String> authEnv = scratch.authEnv("DOCKER_CONFIG", false);
            String digestFile = paths.scratchFile("digest");
            KubeconfigExclusion.refuseIfPresent(agent.run(new KubeconfigExclusion.Find(
                    paths.resolve(request.image().context()))), "kaniko", request.image().context());
            process.log().info("kaniko: building " + (request.push() ? "and pushing " : "") + reference);
            ProcessResult result = process.run(argv(request, paths, digestFile), authEnv, BuilderProcess.BUILD_TIMEOUT);
            if (!result.ok()) {
                throw failure(request, result);
            }
            if (!request.push()) {
                return new BuiltImage(reference, false, null);
            }
            String digest = BuilderDigests.parse(agent.run(new BuilderFiles.ReadText(digestFile)), "kaniko", reference);
            process.log().info("kaniko: pushed " + reference + "@" + digest);
            return new BuiltImage(reference, true, digest);
        }
    }

    List<String> argv(BuildRequest request, BuilderFiles.Paths paths, String digestFile) {
        ImageSpec image = request.image();
        List<String> argv = new ArrayList<>(List.of(executor,
                "--context", "dir://" + paths.resolve(image.context()),
                "--dockerfile", paths.resolve(image.dockerfile()),
                "--destination", request.reference(),
                "--cleanup"));
        BuilderArguments.buildArgs(image, argv);
        BuilderArguments.targetAndPlatform(request, "--custom-platform", argv);
        if (request.push()) {
            argv.addAll(List.of("--digest-file", digestFile));
        } else {
            argv.add("--no-push");
        }
        if (request.insecure() || request.name().isLoopback()) {
            argv.addAll(List.of("--insecure", "--insecure-registry", request.name().registry()));
        }
        return argv;
    }

    /** Kaniko checks push access before building and pushes after: those failures are the registry's (exit 3). */
    private HubDeployException failure(BuildRequest request, ProcessResult result) {
        String output = (result.stdout() + result.stderr()).toLowerCase(Locale.ROOT);
        String tail = process.outputTail(result);
        if (request.push() && (output.contains("checking push permissions") || output.contains("error pushing image"))) {
            return HubDeployException.environment("kaniko could not push " + request.reference() + " to registry "
                    + request.name().registry() + " (exit " + result.exitCode() + "); check that the registry is"
                    + " reachable and that the credentials may push to it. Last " + BuilderProcess.TAIL_LINES
                    + " lines of its output:\n" + tail);
        }
        return HubDeployException.failed("kaniko build of " + request.reference() + " failed (exit "
                + result.exitCode() + "). Last " + BuilderProcess.TAIL_LINES + " lines of its output:\n" + tail);
    }
}
