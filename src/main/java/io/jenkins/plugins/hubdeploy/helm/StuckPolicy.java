package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.Locale;

/** What to do when the release is left in a pending-* state by an earlier deploy that never finished. */
public enum StuckPolicy {
    /** Stop with exit 1 and the command that unblocks the release: a human looks first (default). */
    FAIL,
    /** Roll back to the last deployed revision (or uninstall a first install that never completed), then deploy. */
    ROLLBACK;

    public static StuckPolicy parse(String text) throws HubDeployException {
        if (text == null || text.isBlank()) {
            return FAIL;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HubDeployException.usage("stuckPolicy: '" + text + "' is not a policy; use 'fail' (default) or 'rollback'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
