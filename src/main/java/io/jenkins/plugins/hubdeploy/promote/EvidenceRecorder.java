package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.DeployRecord;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the evidence of an environment's smoke run from its deploy record and smoke report, refusing inputs that
 * do not belong together: a record of another deployment or environment, of another tree than the checkout, of a
 * dirty checkout, without image digests, or a report of another hub than the environment's. A failed or incomplete
 * smoke run is evidence of failure, never of a pass.
 */
public final class EvidenceRecorder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public EvidenceRecorder(Clock clock) {
        this.clock = clock;
    }

    public Evidence build(DeploymentConfig config, String environment, RepoState head, EvidenceInputs.Texts inputs,
                          String smokeReportPath, String buildUrl, Map<String, Object> extra) throws HubDeployException {
        String recordFile = inputs.deployRecordPath();
        if (inputs.deployRecordJson() == null) {
            throw EvidenceInputs.noDeployRecord(inputs);
        }
        DeployRecord record = DeployRecord.fromJson(inputs.deployRecordJson());
        if (!record.deployment().equals(config.deployment()) || !record.environment().equals(environment)) {
            throw HubDeployException.usage(recordFile + " records " + record.deployment() + "/" + record.environment()
                    + ", not " + config.deployment() + "/" + environment + "; deploy " + environment + " of "
                    + config.deployment() + " in this workspace first");
        }
        if (record.gitDirty() || record.gitTree() == null) {
            throw HubDeployException.failed(recordFile + ": " + environment + " was deployed from "
                    + (record.gitTree() == null ? "outside git" : "a checkout with uncommitted changes")
                    + ", so no git tree says what ran there; commit, deploy again, smoke-test and record");
        }
        if (!record.gitTree().equals(head.tree())) {
            throw HubDeployException.failed("the " + environment + " deploy record is for tree " + record.gitTree()
                    + " (commit " + record.gitCommit() + ") but the checkout is tree " + head.tree() + " (commit "
                    + head.commit() + "); record in the build that deployed this commit");
        }
        List<Evidence.Image> images = new ArrayList<>();
        for (ImageValues image : record.images()) {
            if (image.digest() == null || image.digest().isBlank()) {
                throw HubDeployException.failed(recordFile + ": image " + image.reference() + " has no digest, so"
                        + " nothing could prove prod pulls the same image; deploy again with the registry reachable");
            }
            images.add(new Evidence.Image(image.name(), image.tag(), image.digest()));
        }
        if (inputs.smokeReportJson() == null) {
            throw EvidenceInputs.noSmokeReport(smokeReportPath);
        }
        JsonNode report;
        try {
            report = JSON.readTree(inputs.smokeReportJson());
        } catch (IOException e) {
            throw HubDeployException.usage("the smoke report is not JSON; pass the report runHubSmokeTests wrote");
        }
        if (report == null || !report.has("passed") || !report.has("failed")) {
            throw HubDeployException.usage("the smoke report has no passed/failed counts; pass the JSON report"
                    + " runHubSmokeTests (report:) or hubdeploy smoke --report wrote");
        }
        String hubUrl = strip(report.path("hubUrl").asText(null));
        String expectedHub = strip(config.environment(environment).hubUrl());
        if (expectedHub != null && hubUrl != null && !expectedHub.equals(hubUrl)) {
            throw HubDeployException.failed("the smoke report is of hub " + hubUrl + ", but " + environment + "'s hubUrl"
                    + " is " + expectedHub + "; smoke-test " + environment + " itself and record again");
        }
        long passed = report.path("passed").asLong();
        long failed = report.path("failed").asLong();
        long skipped = report.path("skipped").asLong();
        boolean ok = report.path("exitCode").asInt(failed > 0 ? 1 : 0) == 0 && failed == 0 && passed > 0;
        Evidence.Smoke smoke = new Evidence.Smoke(hubUrl, passed, failed, skipped, report.path("hubVersion").asText(null),
                inputs.smokeReportSha256());
        Evidence.Deploy deploy = new Evidence.Deploy(record.release(), record.namespace(), record.revision(),
                record.chartName(), record.chartVersion(), record.valuesSha256());
        return new Evidence(config.deployment(), environment, head.commit(), head.tree(), images, deploy, smoke,
                ok ? Evidence.PASSED : Evidence.FAILED, clock.instant().toString(), buildUrl, extra);
    }

    private static String strip(String url) {
        return url == null ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
