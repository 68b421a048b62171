package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a prod deploy did: the deploy record, the prod smoke run, and when that failed, the rollback and the smoke run
 * after it. {@link #exitCode()} is 0 only when the deploy and its smoke test passed; a failed smoke test is exit 1
 * even when the rollback restored a working prod.
 *
 * @param previousRevision   the revision prod ran before (the rollback target), or null for a first install
 * @param deployRecord       the record of the new revision, or null when the deploy itself failed
 * @param deployFailure      why the deploy failed (after it changed the release), or null
 * @param smoke              the prod smoke run after the deploy, or null when the deploy failed
 * @param rollback           what was done about a failure, or null when nothing failed
 * @param smokeAfterRollback the smoke run after a successful rollback, or null
 * @param message            one line for the build log and the failure
 */
public record ProdDeployOutcome(String environment, String release, String namespace, Integer previousRevision,
                                DeployRecord deployRecord, String deployFailure, SmokeReport smoke, Rollback rollback,
                                SmokeReport smokeAfterRollback, ExitCode exitCode, String message)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @param action      {@code rollback} (helm rollback to {@code toRevision}), {@code uninstall} (a failed first
     *                    install, with rollbackFirstInstall) or {@code none} (a failed first install left in place)
     * @param toRevision  the revision rolled back to, or null
     * @param newRevision the revision helm created for the rollback, or null
     * @param succeeded   whether the action completed (for a rollback: helm and the rollout wait)
     * @param detail      what happened, in words (helm's masked error when it failed)
     */
    public record Rollback(String action, Integer toRevision, Integer newRevision, boolean succeeded, String detail)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("action", action);
            map.put("toRevision", toRevision);
            map.put("newRevision", newRevision);
            map.put("succeeded", succeeded);
            map.put("detail", detail);
            return map;
        }
    }

    public boolean passed() {
        return exitCode == ExitCode.OK;
    }

    /** The map the step returns and the CLI prints (secret-free: values only by SHA-256, the token never). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("environment", environment);
        map.put("release", release);
        map.put("namespace", namespace);
        map.put("previousRevision", previousRevision);
        map.put("deployRecord", deployRecord == null ? null : deployRecord.toMap());
        map.put("deployFailure", deployFailure);
        map.put("smoke", smokeMap(smoke));
        map.put("rollback", rollback == null ? null : rollback.toMap());
        map.put("smokeAfterRollback", smokeMap(smokeAfterRollback));
        map.put("passed", passed());
        map.put("exitCode", exitCode.code());
        map.put("message", message);
        return map;
    }

    /** Throws the failure (exit 1, or 3 when the environment stopped it) unless prod passed. */
    public void verdict() throws HubDeployException {
        if (!passed()) {
            throw new HubDeployException(exitCode, message);
        }
    }

    private static Map<String, Object> smokeMap(SmokeReport report) {
        if (report == null) {
            return null;
        }
        Map<String, Object> map = report.summary();
        map.put("failures", report.failureLines());
        return map;
    }
}
