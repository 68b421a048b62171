package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ImageBuildRun;
import io.jenkins.plugins.hubdeploy.run.ImageResult;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The no-op build in one JVM, as the step runs inside a Jenkins agent (no JVM start-up): {@code ImageBuildRun} on a
 * repository whose every tag is already in the registry. Prints the first (cold) run and the median of the rest.
 * Run by bench/noop-build.sh: {@code NoopBuildBench <repo> <runs>}.
 */
public final class NoopBuildBench {
    private NoopBuildBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        BuildLog quiet = new CollectingLog();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            DeploymentConfig config = ConfigLoader.load(repo, null);
            List<ImageResult> results = new ImageBuildRun(new LocalProcessRunner(repo, quiet), new LocalAgent(repo),
                    quiet, System.getenv()).run(config, new ImageBuildOptions(true, false, false, null, null, null));
            millis.add((System.nanoTime() - start) / 1_000_000);
            if (results.stream().anyMatch(ImageResult::built)) {
                throw new IllegalStateException("not a no-op: something was built");
            }
        }
        long cold = millis.remove(0);
        Collections.sort(millis);
        System.out.printf("%d %d%n", cold, millis.get(millis.size() / 2));
    }
}
