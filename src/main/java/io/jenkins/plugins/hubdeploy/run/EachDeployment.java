package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.Parallel;
import io.jenkins.plugins.hubdeploy.platform.PrefixedLog;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the same work for several deployments of one repository, each isolated: a failing deployment (bad config,
 * missing image, helm failure) is recorded and the others go on; only an interruption (an aborted build) stops all.
 * At most {@code parallel} run at once; each one's log lines carry its name. The result keeps the given order.
 */
public final class EachDeployment {
    /** Concurrent deployments at most, whatever is asked: helm, registries and the agent's 2 cores are shared. */
    public static final int MAX_PARALLEL = 8;

    private EachDeployment() {
    }

    /** One deployment's work: returns the result map (as a single run would), or a "skipped" reason via {@link Skip}. */
    @FunctionalInterface
    public interface Work {
        Map<String, Object> run(String deployment, BuildLog log) throws IOException, InterruptedException, HubDeployException;
    }

    /** Thrown by work that decides not to run (e.g. nothing changed since the live commit): not a failure. */
    public static final class Skip extends HubDeployException {
        private static final long serialVersionUID = 1L;

        public Skip(String reason) {
            super(ExitCode.OK, reason);
        }
    }

    /**
     * @param status   ok, skipped or failed
     * @param exitCode 0, or the failure's exit code (1 verdict, 2 configuration, 3 environment)
     * @param detail   what happened in one line (the failure's message; the skip's reason; empty when ok)
     * @param result   the work's result map when ok, else empty
     */
    public record Outcome(String deployment, String status, int exitCode, String detail, Map<String, Object> result)
            implements Serializable {
        public boolean failed() {
            return "failed".equals(status);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("deployment", deployment);
            map.put("status", status);
            map.put("exitCode", exitCode);
            map.put("detail", detail);
            map.put("result", result);
            return map;
        }
    }

    public static List<Outcome> run(List<String> deployments, int parallel, BuildLog log, Work work)
            throws IOException, InterruptedException, HubDeployException {
        int threads = Math.max(1, Math.min(parallel, MAX_PARALLEL));
        log.info("running " + deployments.size() + " deployment(s), " + Math.min(threads, deployments.size())
                + " at a time: " + String.join(", ", deployments));
        return Parallel.map(deployments, threads, name -> isolated(name, log, work));
    }

    private static Outcome isolated(String name, BuildLog log, Work work) throws InterruptedException {
        BuildLog own = new PrefixedLog(log, name);
        try {
            Map<String, Object> result = work.run(name, own);
            return new Outcome(name, "ok", 0, "", result == null ? Map.of() : result);
        } catch (Skip skip) {
            own.info("skipped: " + skip.getMessage());
            return new Outcome(name, "skipped", 0, skip.getMessage(), Map.of());
        } catch (HubDeployException e) {
            own.warn("failed (exit " + e.exitCode().code() + "): " + e.getMessage());
            return new Outcome(name, "failed", e.exitCode().code(), e.getMessage(), Map.of());
        } catch (IOException | RuntimeException e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            own.warn("failed (exit 3): " + message);
            return new Outcome(name, "failed", ExitCode.ENVIRONMENT.code(), message, Map.of());
        }
    }

    /**
     * The run's verdict: null when nothing failed; else a failure naming the failed deployments, with their common
     * exit code when they share one, else 1.
     */
    public static HubDeployException verdict(List<Outcome> outcomes) {
        List<Outcome> failed = outcomes.stream().filter(Outcome::failed).toList();
        if (failed.isEmpty()) {
            return null;
        }
        int code = failed.get(0).exitCode();
        boolean same = failed.stream().allMatch(o -> o.exitCode() == code);
        ExitCode exit = same ? java.util.Arrays.stream(ExitCode.values()).filter(c -> c.code() == code).findFirst()
                .orElse(ExitCode.FAILED) : ExitCode.FAILED;
        List<String> names = new ArrayList<>();
        failed.forEach(o -> names.add(o.deployment()));
        return new HubDeployException(exit, failed.size() + " of " + outcomes.size() + " deployment(s) failed: "
                + String.join(", ", names) + " (each one's reason is in the summary above)");
    }
}
