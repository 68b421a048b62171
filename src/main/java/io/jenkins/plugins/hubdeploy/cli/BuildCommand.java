package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ImageBuildRun;
import io.jenkins.plugins.hubdeploy.run.ImageResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy build}: build the images whose content tag the registry does not have yet; push with --push. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build each image whose content tag is not in its registry yet; with --push, push it.",
                "An image already in the registry is not rebuilt (unless --force) and never overwritten."})
final class BuildCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--push", description = "Push what was built (default: build only, as for a pull request).")
    boolean push;

    @Option(names = "--force", description = "Build even when the registry has the tag (it is still not overwritten).")
    boolean force;

    @Option(names = "--no-cache", description = "Build without the builder's layer cache.")
    boolean noCache;

    @Option(names = "--builder", paramLabel = "NAME",
            description = "auto, buildah, docker, podman or kaniko (default: the config's build.builder, else auto).")
    String builder;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Target platform, e.g. linux/amd64.")
    String platform;

    @Mixin
    RegistryLoginOptions registryLogin;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        DeploymentSelection selection = common.selection();
        RegistryCredentials credentials = registryLogin.credentials(log, System.getenv());
        ImageBuildOptions options = new ImageBuildOptions(push, force, noCache, builder, platform, credentials);
        if (selection.many()) {
            return ManyOutput.finish(common, common.many(log).build(selection, options, common.parallel));
        }
        DeploymentConfig config = common.loadConfig();
        List<ImageResult> results = new ImageBuildRun(common.runner(log), common.agent(), log, System.getenv())
                .run(config, options);
        if (common.json) {
            JsonOutput.print(System.out, Map.of("images", results.stream().map(ImageResult::toMap).toList()));
        } else {
            for (ImageResult r : results) {
                System.out.printf("%s  %s  built=%s pushed=%s%s%n", r.image(), r.digest() == null ? "-" : r.digest(),
                        r.built(), r.pushed(), r.prebuilt() ? " prebuilt" : "");
            }
        }
        return 0;
    }
}
