package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.AgentTask;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads, where the workspace is, what record mode binds: the staging deploy record and the smoke report (with the
 * SHA-256 of the report's bytes). Missing files are bad usage (exit 2) saying which step writes them.
 */
public record EvidenceInputs(String deployRecordPath, String smokeReportPath)
        implements AgentTask<EvidenceInputs.Texts> {
    private static final long serialVersionUID = 1L;

    /** The two files' texts and the report's SHA-256. */
    public record Texts(String deployRecordJson, String smokeReportJson, String smokeReportSha256) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Texts call(Path workspace) throws IOException, HubDeployException {
        Path record = workspace.resolve(deployRecordPath).normalize();
        if (!Files.isRegularFile(record)) {
            throw HubDeployException.usage("no deploy record at " + deployRecordPath + " (relative to the repository"
                    + " root): record runs in the build that deployed staging (helmDeployStaging / hubdeploy deploy)"
                    + " and smoke-tested it, in the same workspace");
        }
        Path report = workspace.resolve(smokeReportPath).normalize();
        if (!Files.isRegularFile(report)) {
            throw HubDeployException.usage("no smoke report at " + smokeReportPath + " (relative to the repository"
                    + " root): run runHubSmokeTests (or hubdeploy smoke --report " + smokeReportPath + ") against"
                    + " staging first, or pass the report's path (smokeReport / --smoke-report)");
        }
        byte[] bytes = Files.readAllBytes(report);
        return new Texts(Files.readString(record, StandardCharsets.UTF_8), new String(bytes, StandardCharsets.UTF_8),
                sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
