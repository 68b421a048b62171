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
 * Builds with {@code buildah build} and pushes with {@code buildah push --digestfile}. Storage driver, isolation
 * and storage location come from buildah's own environment (STORAGE_DRIVER, BUILDAH_ISOLATION,
 * CONTAINERS_STORAGE_CONF in {@code env} or the agent's environment), never from hard-coded flags, so the agent's
 * setup decides. Layers are cached locally ({@code --layers}); buildah's {@code --cache-from} needs a cache
 * repository filled by {@code --cache-to}, not an earlier tag, so the request's cache tag is not used.
 * Podman takes the same arguments: {@link PodmanBuilder} is this class with another program.
 */
public final class BuildahBuilder implements ImageBuilder {
    static final String INSTALL_HINT = "install it on the agent (apt-get install buildah, dnf install buildah) or"
            + " run the build in a container that has it, or set builder to podman, docker or kaniko";

    private final String name;
    private final String executable;
    private final Agent agent;
    private final Map<String, String> env;
    private final BuilderProcess process;

    public BuildahBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log) {
        this(runner, agent, env, log, "buildah");
    }

    /** {@code executable}: the buildah program (a name looked up on PATH, or an absolute path). */
    public BuildahBuilder(ProcessRunner runner, Agent agent, Map<String, String> env, BuildLog log, String executable) {
        this("buildah", executable, INSTALL_HINT, runner, agent, env, log);
    }

    BuildahBuilder(String name, String executable, String installHint, ProcessRunner runner, Agent agent,
                   Map<String, String> env, BuildLog log) {
        this.name = name;
        this.executable = executable;
        this.agent = agent;
        this.env = Map.copyOf(env);
        this.process = new BuilderProcess(runner, env, log, name, installHint);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supportsConcurrentBuilds() {
        return true;
    }

    /**
     * buildah (1.28, and podman over it) reuses a cached layer of a {@code LABEL} or {@code ENV} that uses an
     * {@code ARG} when only the arg's value changed: the new content tag would name the old content. An image with
     * build args is therefore built without the layer cache; one whose tag is already in the registry is still not
     * built at all, so only real changes pay for it.
     */
    static boolean ignoresBuildArgsInItsCache(ImageSpec image) {
        return image.buildArgs() != null && !image.buildArgs().isEmpty();
    }

    /** Whether the program runs ({@code --version}). */
    boolean isAvailable() throws InterruptedException {
        return process.probe(List.of(executable, "--version"));
    }

    @Override
    public BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException {
        String reference = request.reference();
        try (BuildScratch scratch = BuildScratch.open(agent, request, env, process.log())) {
            BuilderFiles.Paths paths = scratch.paths();
            Map<String, String> authEnv = scratch.authEnv("REGISTRY_AUTH_FILE", true);
            process.log().info(name + ": building " + reference);
            String ignoreFile = agent.run(new KubeconfigExclusion.WriteIgnoreFile(
                    paths.resolve(request.image().context()), paths.scratchFile("dockerignore")));
            process.build(reference, buildArgv(request, paths, ignoreFile), authEnv);
            if (!request.push()) {
                return new BuiltImage(reference, false, null);
            }
            String digestFile = paths.scratchFile("digest");
            List<String> push = new ArrayList<>(List.of(executable, "push", "--digestfile", digestFile));
            if (request.insecure() || request.name().isLoopback()) {
                push.add("--tls-verify=false");
            }
            push.add(reference);
            push.add("docker://" + reference);
            process.log().info(name + ": pushing " + reference);
            process.push(reference, request.name().registry(), push, authEnv);
            String digest = BuilderDigests.parse(agent.run(new BuilderFiles.ReadText(digestFile)), name, reference);
            process.log().info(name + ": pushed " + reference + "@" + digest);
            return new BuiltImage(reference, true, digest);
        }
    }

    private List<String> buildArgv(BuildRequest request, BuilderFiles.Paths paths, String ignoreFile) {
        ImageSpec image = request.image();
        List<String> argv = new ArrayList<>(List.of(executable, "build", "--layers",
                "--file", paths.resolve(image.dockerfile()), "--tag", request.reference(),
                "--ignorefile", ignoreFile));
        BuilderArguments.buildArgs(image, argv);
        BuilderArguments.targetAndPlatform(request, "--platform", argv);
        if (request.noCache() || ignoresBuildArgsInItsCache(image)) {
            argv.add("--no-cache");
        }
        if (request.insecure() || request.name().isLoopback()) {
            // a base image may come from the same plain-HTTP registry; this applies to every pull of this build
            argv.add("--tls-verify=false");
        }
        argv.add(paths.resolve(image.context()));
        return argv;
    }
}
