package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds with {@code docker buildx build}; when pushing, builds and pushes in one command ({@code --push}, or an
 * image output with {@code registry.insecure=true} for a plain-HTTP registry) and reads the digest from
 * {@code --metadata-file} ({@code containerimage.digest}). The previous tag is used as layer cache
 * ({@code --cache-from type=registry}) and each pushed image carries its own cache metadata
 * ({@code --cache-to type=inline}) so the next build can use it. Without push the result stays in buildx's cache.
 */
public final class DockerBuildxBuilder implements ImageBuilder {
    static final String INSTALL_HINT = "install Docker with the buildx plugin on the agent (apt-get install"
            + " docker.io docker-buildx), or set builder to buildah, podman or kaniko";

    private final String executable;
    private final Agent agent;
    private final Map<String, String> env;
    private final BuilderProcess process;

    public DockerBuildxBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log) {
        this(runner, agent, env, log, "docker");
    }

    /** {@code executable}: the docker program (a name looked up on PATH, or an absolute path). */
    public DockerBuildxBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log,
                               String executable) {
        this.executable = executable;
        this.agent = agent;
        this.env = Map.copyOf(env);
        this.process = new BuilderProcess(runner, env, log, "docker buildx", INSTALL_HINT);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public boolean supportsConcurrentBuilds() {
        return true;
    }

    /** Whether {@code docker buildx version} runs (the docker client alone is not enough). */
    boolean isAvailable() throws InterruptedException {
        return process.probe(List.of(executable, "buildx", "version"));
    }

    @Override
    public BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException {
        String reference = request.reference();
        try (BuildScratch scratch = BuildScratch.open(agent, request, env, process.log())) {
            BuilderFiles.Paths paths = scratch.paths();
            Map<String, String> authEnv = scratch.authEnv("DOCKER_CONFIG", false);
            String metadataFile = paths.scratchFile("metadata.json");
            KubeconfigExclusion.refuseIfPresent(agent.run(new KubeconfigExclusion.Find(
                    paths.resolve(request.image().context()))), "docker buildx", request.image().context());
            process.log().info("docker buildx: building " + (request.push() ? "and pushing " : "") + reference);
            // one command builds and pushes: a failure is the build's verdict (exit 1) with the output's tail
            process.build(reference, argv(request, paths, metadataFile), authEnv);
            if (!request.push()) {
                return new BuiltImage(reference, false, null);
            }
            String digest = BuilderDigests.fromBuildxMetadata(agent.run(new BuilderFiles.ReadText(metadataFile)),
                    reference);
            process.log().info("docker buildx: pushed " + reference + "@" + digest);
            return new BuiltImage(reference, true, digest);
        }
    }

    List<String> argv(BuildRequest request, BuilderFiles.Paths paths, String metadataFile) {
        ImageSpec image = request.image();
        List<String> argv = new ArrayList<>(List.of(executable, "buildx", "build", "--progress", "plain",
                "--file", paths.resolve(image.dockerfile()), "--tag", request.reference()));
        BuilderArguments.buildArgs(image, argv);
        BuilderArguments.targetAndPlatform(request, "--platform", argv);
        if (request.noCache()) {
            argv.add("--no-cache");
        } else if (request.cacheFromTag() != null && !request.cacheFromTag().isBlank()) {
            argv.addAll(List.of("--cache-from", "type=registry,ref=" + request.name().withTag(request.cacheFromTag())));
        }
        if (request.push()) {
            argv.addAll(List.of("--cache-to", "type=inline"));
            if (request.insecure() || request.name().isLoopback()) {
                argv.addAll(List.of("--output", "type=image,name=" + request.reference()
                        + ",push=true,registry.insecure=true"));
            } else {
                argv.add("--push");
            }
            argv.addAll(List.of("--metadata-file", metadataFile));
        }
        argv.add(paths.resolve(image.context()));
        return argv;
    }
}
