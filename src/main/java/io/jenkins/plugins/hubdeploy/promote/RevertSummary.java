package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The revert's commit message, pull request title and body (Markdown). */
final class RevertSummary {
    private static final Pattern MERGED_PULL = Pattern.compile("Merge pull request #(\\d+)");
    private static final Pattern SQUASHED_PULL = Pattern.compile("\\(#(\\d+)\\)\\s*$");
    private static final int MAX_SUBJECT = 80;

    private RevertSummary() {
    }

    /** The pull request a commit came from: GitHub's merge message, or a squash merge's subject ending "(#N)". */
    static Integer pullRequestOf(String message) {
        Matcher merged = MERGED_PULL.matcher(message);
        if (merged.find()) {
            return Integer.valueOf(merged.group(1));
        }
        Matcher squashed = SQUASHED_PULL.matcher(message.lines().findFirst().orElse(""));
        return squashed.find() ? Integer.valueOf(squashed.group(1)) : null;
    }

    static String title(String subject, String commit) {
        String s = subject.isBlank() ? commit.substring(0, 12) : subject;
        if (s.length() > MAX_SUBJECT) {
            s = s.substring(0, MAX_SUBJECT - 3) + "...";
        }
        return "Revert \"" + s + "\" (failed on staging)";
    }

    /** git's own revert message, plus why. {@code mainline}: the first parent of a reverted merge, else null. */
    static String commitMessage(String subject, String commit, String mainline, Evidence evidence, String buildUrl) {
        return "Revert \"" + subject + "\"\n\nThis reverts commit " + commit
                + (mainline == null ? "." : ", reversing\nchanges made to " + mainline + ".") + "\n\n"
                + "The " + evidence.environment() + " smoke test of " + evidence.deployment() + " failed ("
                + evidence.smoke().failed() + " failed, " + evidence.smoke().passed() + " passed)"
                + (buildUrl == null ? "." : ": " + buildUrl) + "\nOpened by hubdeploy promoteToProd(mode: 'revert').";
    }

    static String body(String commit, String subject, String mainline, boolean merge, Integer fromPull, String revert,
                       String branch, String staging, List<Evidence> failed, Evidence evidence,
                       SmokeFailures.Report report, String buildUrl, SecretMasker masker) {
        StringBuilder md = new StringBuilder();
        md.append("Reverts `").append(commit).append("` (").append(subject.isBlank() ? "no subject" : "\"" + subject
                + "\"").append(")").append(fromPull == null ? "" : ", from pull request #" + fromPull)
                .append(", on `").append(staging).append("`: its ").append(evidence.environment())
                .append(" smoke test failed.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| reverted | `").append(commit).append("` (").append(merge ? "merge commit, reverted against its"
                + " first parent `" + mainline + "`" : "single commit, parent `" + mainline + "`").append(") |\n");
        if (fromPull != null) {
            md.append("| from | #").append(fromPull).append(" |\n");
        }
        md.append("| revert commit | `").append(revert).append("` on `").append(branch).append("` |\n");
        if (buildUrl != null) {
            md.append("| build | ").append(buildUrl).append(" |\n");
        }
        md.append("\n### Failed on ").append(evidence.environment()).append("\n\n");
        md.append("| deployment | smoke | hub | recorded | build |\n|---|---|---|---|---|\n");
        for (Evidence e : failed.isEmpty() ? List.of(evidence) : failed) {
            md.append("| ").append(e.deployment()).append(" | ").append(e.smoke().passed()).append(" passed, ")
                    .append(e.smoke().failed()).append(" failed, ").append(e.smoke().skipped()).append(" skipped | ")
                    .append(e.smoke().hubUrl()).append(" (JupyterHub ").append(e.smoke().hubVersion()).append(") | ")
                    .append(e.recordedAt()).append(" | ").append(e.buildUrl() == null ? "-" : e.buildUrl())
                    .append(" |\n");
        }
        md.append("\n");
        if (report == null) {
            md.append("The smoke report of that run is not in this workspace; the build's JUnit report names the"
                    + " failed checks.\n");
        } else if (report.failedTotal() == 0) {
            md.append("The smoke report names no single failed check (the run failed before or around its checks);"
                    + " the build's log says why.\n");
        } else {
            md.append("Failed checks of ").append(evidence.deployment()).append(" (").append(report.failedTotal())
                    .append("):\n\n");
            for (String check : report.failed()) {
                md.append("- `").append(masker.mask(check).replace("`", "'")).append("`\n");
            }
            if (report.failedTotal() > report.failed().size()) {
                md.append("- ... and ").append(report.failedTotal() - report.failed().size()).append(" more\n");
            }
        }
        md.append("\nProd is not affected: the failed evidence keeps every promotion of this tree refused. hubdeploy"
                + " never merges this pull request: merge it to take the change off ").append(staging)
                .append(", or close it and fix forward.\n");
        md.append("\n<sub>Written by hubdeploy promoteToProd(mode: 'revert'); the evidence is the git note `")
                .append(EvidenceStore.REF).append("` on the commit and its tree.</sub>\n");
        return md.toString();
    }
}
