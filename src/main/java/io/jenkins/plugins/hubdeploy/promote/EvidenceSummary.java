package io.jenkins.plugins.hubdeploy.promote;

/** The pull request body: what staging proved, in Markdown (images and digests, smoke results, deploy revision, links). */
final class EvidenceSummary {
    private EvidenceSummary() {
    }

    static String markdown(Evidence e, Verification v) {
        StringBuilder md = new StringBuilder();
        md.append("Promotes `").append(e.commit()).append("` (tree `").append(e.tree()).append("`) of **")
                .append(e.deployment()).append("** from ").append(e.environment()).append(" to prod.\n\n");
        md.append("### Evidence (").append(e.result()).append(", recorded ").append(e.recordedAt()).append(")\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| ").append(e.environment()).append(" release | `").append(e.deploy().release()).append("` revision ")
                .append(e.deploy().revision()).append(" in `").append(e.deploy().namespace()).append("` |\n");
        md.append("| chart | `").append(e.deploy().chartName()).append("` ").append(e.deploy().chartVersion()).append(" |\n");
        md.append("| values SHA-256 | `").append(e.deploy().valuesSha256()).append("` |\n");
        md.append("| smoke | ").append(e.smoke().passed()).append(" passed, ").append(e.smoke().failed())
                .append(" failed, ").append(e.smoke().skipped()).append(" skipped on JupyterHub ")
                .append(e.smoke().hubVersion()).append(" (report SHA-256 `").append(e.smoke().reportSha256())
                .append("`) |\n");
        CarriedFrom carried = CarriedFrom.of(e);
        if (carried != null) {
            md.append("| carried over | unchanged since commit `").append(carried.commit()).append("` (tree `")
                    .append(carried.tree()).append("`), whose evidence this is, tested ")
                    .append(carried.recordedAt()).append(carried.buildUrl() == null ? "" : " by "
                            + carried.buildUrl()).append("; ").append(carried.reason())
                    .append("; the live staging release and the digests were re-verified |\n");
        }
        if (e.buildUrl() != null) {
            md.append("| build | ").append(e.buildUrl()).append(" |\n");
        }
        md.append("\n### Images\n\n| image | digest |\n|---|---|\n");
        for (Evidence.Image image : e.images()) {
            md.append("| `").append(image.reference()).append("` | `").append(image.digest()).append("` |\n");
        }
        md.append("\n### Checks\n\n");
        for (Verification.Check c : v.checks()) {
            md.append("- ").append(c.passed() ? "passed" : "FAILED").append(" `").append(c.name()).append("`: ")
                    .append(c.found()).append('\n');
        }
        md.append("\n<sub>Written by hubdeploy promoteToProd; the evidence is the git note `").append(EvidenceStore.REF)
                .append("` on the commit and its tree.</sub>\n");
        return md.toString();
    }
}
