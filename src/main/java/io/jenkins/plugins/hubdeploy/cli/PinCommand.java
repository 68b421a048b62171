package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.PinBranch;
import io.jenkins.plugins.hubdeploy.run.PinUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy pin --image REPO:TAG}: move every pin of an image in the deployment repository to a new tag. */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = {"Move the pinned tag of a prebuilt image (hubploy.yaml name: REPO:TAG) to a new one in every "
                + "deployment that pins it (-d to choose), also where the deployment's values name it; with --commit, "
                + "on a new branch ready for a pull request (--push pushes it)."})
final class PinCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--image", required = true, paramLabel = "REPO:TAG",
            description = "The new image: REPO:TAG, REPO@sha256:DIGEST or REPO:TAG@sha256:DIGEST.")
    String image;

    @Option(names = "--commit", description = "Commit the change on a new branch (default name hubdeploy/pin-IMAGE-TAG).")
    boolean commit;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch --commit creates.")
    String branch;

    @Option(names = "--push", paramLabel = "REMOTE", arity = "0..1", fallbackValue = "origin",
            description = "With --commit: push the branch to REMOTE (default origin).")
    String remote;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        DeploymentSelection selection = common.selection();
        PinUpdate.Result result = common.agent().run(new PinUpdate(image, selection));
        result.changed().forEach((d, files) -> log.info("pin: " + d + ": " + String.join(", ", files)));
        String sha = null;
        String name = null;
        if (commit && !result.changed().isEmpty()) {
            name = branch != null ? branch : PinBranch.defaultBranch(result);
            sha = new PinBranch(common.runner(log), log).commit(result, name, remote);
        }
        if (common.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("repository", result.repository());
            out.put("pin", result.pin());
            out.put("changed", result.changed());
            out.put("unchanged", result.unchanged());
            out.put("branch", name);
            out.put("commit", sha);
            JsonOutput.print(System.out, out);
        } else if (result.changed().isEmpty()) {
            System.out.println("no deployment pins " + result.repository() + " at another tag"
                    + (result.unchanged().isEmpty() ? "" : " (" + String.join(", ", result.unchanged()) + " already at "
                    + result.pin() + ")"));
        } else {
            System.out.println("pinned " + result.repository() + " to " + result.pin() + " in "
                    + String.join(", ", result.changed().keySet()) + (sha == null ? "" : " (commit " + sha + " on " + name + ")"));
        }
        return 0;
    }
}
