package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.ChangedOnly;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
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
                "An image already in the registry is not rebuilt (unless --force) and never overwritten.",
                "With --changed (or --changed-since REF): only the deployments whose inputs changed."})
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

    @Option(names = "--changed", description = "Build only if the deployment's inputs (its directory, values files, "
            + "the chart, its images' directories) changed since the commit live in --env, per the deploy record in "
            + "the cluster (read with KUBECONFIG); with -d all, only the deployments that changed.")
    boolean changed;

    @Option(names = "--changed-since", paramLabel = "REF", description = "Like --changed, but compared with the git "
            + "ref REF (e.g. origin/staging) instead of the live commit: no cluster needed, for pull-request builds.")
    String changedSince;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "With --changed or --changed-since: the "
            + "environment whose inputs and live commit count (default: " + DeployOptions.DEFAULT_ENVIRONMENT + ").")
    String environment;

    @Mixin
    RegistryLoginOptions registryLogin;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        DeploymentSelection selection = common.selection();
        ChangedOnly changedOnly = changedOnly();
        RegistryCredentials credentials = registryLogin.credentials(log, System.getenv());
        ImageBuildOptions options = new ImageBuildOptions(push, force, noCache, builder, platform, credentials);
        if (selection.many()) {
            return ManyOutput.finish(common, common.many(log).build(selection, options, changedOnly, common.parallel));
        }
        DeploymentConfig config = common.loadConfig();
        List<ImageResult> results;
        try {
            results = common.many(log).buildOne(config, options, changedOnly, log);
        } catch (EachDeployment.Skip skip) {
            return ManyOutput.skipped(common, config.deployment(), "not built", skip);
        }
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

    /** What --changed / --changed-since / --env ask for, or null for every deployment; exit 2 when they clash. */
    ChangedOnly changedOnly() throws HubDeployException {
        if (!changed && changedSince == null && environment != null) {
            throw HubDeployException.usage("--env " + environment + " only says which environment --changed"
                    + " compares with: pass --changed or --changed-since REF too, or leave --env out");
        }
        return ChangedOnly.of(changed, changedSince, environment == null ? DeployOptions.DEFAULT_ENVIRONMENT
                : environment, "--changed", "--changed-since");
    }
}
