package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads, where the workspace is, what record mode binds: the deployment's staging deploy record and the smoke report
 * (with the SHA-256 of the report's bytes). The deploy record is the deployment's own copy
 * ({@code .hubdeploy/deployments/<d>/deploy-<env>.json}): when one build deployed several deployments, the shared
 * {@code .hubdeploy/deploy-<env>.json} holds only the last one. The shared file is read only when the deployment has
 * no copy of its own (a workspace written before the copies existed). Either file may be missing: record mode decides
 * (a deployment skipped as unchanged has neither and carries its evidence over).
 */
public record EvidenceInputs(String deployment, String environment, String smokeReportPath)
        implements AgentTask<EvidenceInputs.Texts> {
    private static final long serialVersionUID = 1L;

    /**
     * The texts found, null where a file is missing.
     *
     * @param deployRecordPath the repository-relative file the record was read from (the deployment's own when none)
     */
    public record Texts(String deployRecordPath, String deployRecordJson, String smokeReportJson,
                        String smokeReportSha256) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Texts call(Path workspace) throws IOException, HubDeployException {
        String own = DeployRecord.workspacePath(deployment, environment);
        String recordPath = own;
        Path record = workspace.resolve(own).normalize();
        if (!Files.isRegularFile(record)) {
            Path shared = workspace.resolve(DeployRecord.workspacePath(environment)).normalize();
            if (Files.isRegularFile(shared)) {
                recordPath = DeployRecord.workspacePath(environment);
                record = shared;
            }
        }
        String recordJson = Files.isRegularFile(record) ? Files.readString(record, StandardCharsets.UTF_8) : null;
        Path report = workspace.resolve(smokeReportPath).normalize();
        if (!Files.isRegularFile(report)) {
            return new Texts(recordPath, recordJson, null, null);
        }
        byte[] bytes = Files.readAllBytes(report);
        return new Texts(recordPath, recordJson, new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
    }

    /** Exit 2 when the deploy record is missing: record runs where staging was deployed and smoke-tested. */
    static HubDeployException noDeployRecord(Texts texts) {
        return HubDeployException.usage("no deploy record at " + texts.deployRecordPath() + " (relative to the"
                + " repository root): record runs in the build that deployed staging (helmDeployStaging / hubdeploy"
                + " deploy) and smoke-tested it, in the same workspace");
    }

    /** Exit 2 when the smoke report is missing for a deployment this build deployed. */
    static HubDeployException noSmokeReport(String smokeReportPath) {
        return HubDeployException.usage("no smoke report at " + smokeReportPath + " (relative to the repository"
                + " root): run runHubSmokeTests (or hubdeploy smoke --report " + smokeReportPath + ") against"
                + " staging first, or pass the report's path (smokeReport / --smoke-report)");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
