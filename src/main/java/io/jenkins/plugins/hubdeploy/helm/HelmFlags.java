package io.jenkins.plugins.hubdeploy.helm;

import java.util.List;

/**
 * The flags that differ between Helm 3 and Helm 4, chosen by the major version {@code helm version} reported
 * ({@link HelmCli#checkVersion}). Helm 4 renamed {@code --atomic} to {@code --rollback-on-failure} (the old name is a
 * hidden, deprecated alias), and turned {@code --wait} into a strategy: omitted it now means {@code hookOnly} (no
 * readiness wait), so the engine asks for {@code --wait=watcher} (kstatus readiness) explicitly; Helm 3's
 * {@code --wait} is a boolean and refuses a value. Helm 4's server-side apply defaults are kept: a first install
 * applies server-side, an upgrade keeps the method the release was installed with ({@code --server-side=auto}), so a
 * release that Helm 3 installed keeps client-side apply after the switch. Every flag here is checked against each
 * real helm's own {@code --help} by {@code HelmFlagsHelpTest}.
 */
public record HelmFlags(int major) {
    public static final List<Integer> SUPPORTED = List.of(3, 4);

    public HelmFlags {
        if (!SUPPORTED.contains(major)) {
            throw new IllegalArgumentException("unsupported Helm major version " + major + "; supported: " + SUPPORTED);
        }
    }

    /** Wait until the release's resources are ready (install, upgrade, rollback, uninstall). */
    public String waitForReady() {
        return major == 3 ? "--wait" : "--wait=watcher";
    }

    /** Roll a failed upgrade back to the last successful release. */
    public String rollbackOnFailure() {
        return major == 3 ? "--atomic" : "--rollback-on-failure";
    }
}
