package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import io.jenkins.plugins.hubdeploy.promote.PromoteOptions;
import io.jenkins.plugins.hubdeploy.promote.PromoteRun;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code promote --mode check} in one JVM, as the step runs inside a Jenkins agent (no JVM start-up): fetch the
 * notes, read the evidence of the head's tree, run every check (registry digests included). Prints the first (cold)
 * run and the median of the rest. Run by bench/promote.sh: {@code PromoteCheckBench <repo> <runs>}.
 */
public final class PromoteCheckBench {
    private PromoteCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Map<String, String> env = Map.of("CHANGE_ID", "1", "CHANGE_BRANCH", "staging", "CHANGE_TARGET", "prod");
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            CollectingLog log = new CollectingLog();
            long start = System.nanoTime();
            DeploymentConfig config = ConfigLoader.load(repo, null);
            new PromoteRun(new LocalProcessRunner(repo, log), new LocalAgent(repo),
                    io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog.inProcess(log), env, Clock.systemUTC())
                    .run(config, PromoteOptions.of(PromoteMode.CHECK), null, null);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        long first = millis.remove(0);
        Collections.sort(millis);
        System.out.println(first + " " + millis.get(millis.size() / 2));
    }
}
