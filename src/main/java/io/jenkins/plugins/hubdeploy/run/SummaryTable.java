package io.jenkins.plugins.hubdeploy.run;

import java.util.ArrayList;
import java.util.List;

/** The one table a run over several deployments ends with: deployment, status, exit code, detail (one line each). */
public final class SummaryTable {
    static final int DETAIL_MAX = 160;

    private SummaryTable() {
    }

    public static List<String> lines(List<EachDeployment.Outcome> outcomes) {
        int width = "deployment".length();
        for (EachDeployment.Outcome o : outcomes) {
            width = Math.max(width, o.deployment().length());
        }
        List<String> lines = new ArrayList<>();
        lines.add(pad("deployment", width) + "  " + pad("status", 7) + "  exit  detail");
        for (EachDeployment.Outcome o : outcomes) {
            String detail = o.detail() == null ? "" : o.detail().replaceAll("\\s+", " ").strip();
            if (detail.length() > DETAIL_MAX) {
                detail = detail.substring(0, DETAIL_MAX - 3) + "...";
            }
            lines.add(pad(o.deployment(), width) + "  " + pad(o.status(), 7) + "  " + pad(String.valueOf(o.exitCode()), 4)
                    + "  " + detail);
        }
        long failed = outcomes.stream().filter(EachDeployment.Outcome::failed).count();
        long skipped = outcomes.stream().filter(o -> o.status().equals("skipped")).count();
        lines.add(outcomes.size() + " deployment(s): " + (outcomes.size() - failed - skipped) + " ok, " + skipped
                + " skipped, " + failed + " failed");
        return lines;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
