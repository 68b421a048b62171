package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.SerializableBuildLog;
import io.jenkins.plugins.hubdeploy.run.PlanRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy plan}: what the process would do for this checkout, without changing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"What would happen, without changing anything: per image the content tag and whether the"
                + " registry has it (build or reuse); the values diff against the live release (the deploy"
                + " preflight); the staging evidence of HEAD's tree (none, passed, failed or stale); whether a"
                + " promotion to prod would be allowed now (evidence, deny windows)."},
        footer = {"", "Exit codes: 0 the plan was made (also when it says a promotion would be refused); 2 bad usage"
                + " or configuration; 3 a part could not be looked at (registry, cluster or git remote unreachable,"
                + " helm or git missing): the plan is printed with that part marked."})
final class PlanCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = "staging",
            description = "Environment whose deploy is previewed (default: ${DEFAULT-VALUE}).")
    String environment;

    @Mixin
    RegistryLoginOptions registryLogin;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        Map<String, String> env = System.getenv();
        Map<String, Object> plan = new PlanRun(common.runner(log), common.agent(), SerializableBuildLog.inProcess(log),
                env, Clock.systemUTC()).run(common.loadConfig(), environment, registryLogin.credentials(log, env));
        if (common.json) {
            JsonOutput.print(System.out, plan);
        } else {
            print(System.out, plan);
        }
        return (Integer) plan.get("exitCode");
    }

    /** The plan for people: one line per finding. */
    static void print(PrintStream out, Map<String, Object> plan) {
        out.println("plan for " + plan.get("deployment") + " (" + plan.get("environment") + "):");
        Object images = plan.get("images");
        if (images instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> image = (Map<?, ?>) o;
                out.println("  image    " + image.get("image") + "  " + ("reuse".equals(image.get("action"))
                        ? "in the registry (" + image.get("digest") + "): reuse" : "not in the registry: build"));
            }
        } else {
            out.println("  images   CANNOT LOOK: " + ((Map<?, ?>) images).get("error"));
        }
        Map<?, ?> values = (Map<?, ?>) plan.get("values");
        if (values.containsKey("error")) {
            out.println("  values   CANNOT LOOK: " + values.get("error"));
        } else {
            List<?> diff = (List<?>) values.get("valuesDiff");
            out.println("  values   " + diff.size() + " change(s) against " + values.get("release")
                    + (Boolean.TRUE.equals(values.get("releaseExists")) ? "" : " (no live release: all new)"));
            diff.forEach(line -> out.println("           " + line));
        }
        Map<?, ?> evidence = (Map<?, ?>) plan.get("evidence");
        out.println("  evidence " + (evidence.containsKey("error") ? "CANNOT LOOK: " + evidence.get("error")
                : evidence.get("state") + " for tree " + evidence.get("tree") + " (" + evidence.get("detail") + ")"));
        Map<?, ?> promotion = (Map<?, ?>) plan.get("promotion");
        out.println("  lock     prod promotion lock: " + promotion.get("lock"));
        out.println("  promote  " + (Boolean.TRUE.equals(promotion.get("allowed")) ? "allowed now"
                : "refused: " + String.join("; ", ((List<?>) promotion.get("refusals")).stream().map(String::valueOf).toList())));
    }
}
