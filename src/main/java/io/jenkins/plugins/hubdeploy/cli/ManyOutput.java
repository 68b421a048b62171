package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.run.SummaryTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the result of a run over several deployments (the table, or --json) and turns failures into the exit code. */
final class ManyOutput {
    private ManyOutput() {
    }

    static int finish(CommonOptions common, List<EachDeployment.Outcome> outcomes) throws HubDeployException {
        if (common.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("deployments", outcomes.stream().map(EachDeployment.Outcome::toMap).toList());
            result.put("failed", outcomes.stream().filter(EachDeployment.Outcome::failed).count());
            JsonOutput.print(System.out, result);
        } else {
            SummaryTable.lines(outcomes).forEach(System.out::println);
        }
        HubDeployException verdict = EachDeployment.verdict(outcomes);
        if (verdict != null) {
            throw verdict;
        }
        return 0;
    }

    /** Prints that the one deployment was left alone ({@code what}: "not built", "not deployed") and why; exit 0. */
    static int skipped(CommonOptions common, String deployment, String what, EachDeployment.Skip skip) {
        if (common.json) {
            JsonOutput.print(System.out, Map.of("deployment", deployment, "skipped", skip.getMessage()));
        } else {
            System.out.println(deployment + ": " + what + ": " + skip.getMessage());
        }
        return 0;
    }
}
