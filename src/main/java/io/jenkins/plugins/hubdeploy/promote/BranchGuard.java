package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.Map;

/**
 * Refuses, in the engine itself (not only in the Jenkinsfile), a promotion from a fork pull request
 * ({@code CHANGE_FORK} set) and a mode run on a branch it does not belong to ({@code BRANCH_NAME} / {@code
 * CHANGE_TARGET} of a multibranch build), unless explicitly allowed. The refusal names the variable it saw. Outside
 * a multibranch build (the CLI, a plain job) the variables are unset and only the fork rule can apply.
 */
public final class BranchGuard {
    private BranchGuard() {
    }

    public static void check(PromoteMode mode, PromotionSettings settings, PromoteOptions options,
                             Map<String, String> env) throws HubDeployException {
        String fork = blankToNull(env.get("CHANGE_FORK"));
        if (fork != null && !options.allowFork()) {
            throw HubDeployException.failed("promotion refused: CHANGE_FORK is '" + fork + "': this build is of a"
                    + " pull request from a fork, which must never record evidence or touch prod. (allowFork: true /"
                    + " --allow-fork overrides this; only for a fork you trust)");
        }
        if (options.allowOtherBranch()) {
            return;
        }
        String branch = blankToNull(env.get("BRANCH_NAME"));
        String changeId = blankToNull(env.get("CHANGE_ID"));
        String target = blankToNull(env.get("CHANGE_TARGET"));
        String source = settings.sourceBranch();
        String prod = settings.targetBranch();
        switch (mode) {
            case RECORD, PULL_REQUEST, REVERT -> {
                if (changeId != null) {
                    refuse(mode, "CHANGE_ID is '" + changeId + "' (a pull request build)", "a build of branch '"
                            + source + "'");
                }
                if (branch != null && !branch.equals(source)) {
                    refuse(mode, "BRANCH_NAME is '" + branch + "'", "branch '" + source + "' (promotion.sourceBranch)");
                }
            }
            case CHECK -> {
                if (target != null && !target.equals(prod)) {
                    refuse(mode, "CHANGE_TARGET is '" + target + "'", "pull requests into '" + prod
                            + "' (promotion.targetBranch)");
                }
                if (changeId == null && options.pullRequest() == null) {
                    throw HubDeployException.usage("mode check runs on a pull request into '" + prod + "': CHANGE_ID"
                            + " is not set; run it in the pull request's build or pass the number (pullRequest /"
                            + " --pull-request N)");
                }
            }
            case MERGE -> {
                if (changeId != null) {
                    refuse(mode, "CHANGE_ID is '" + changeId + "' (a pull request build)", "a build of branch '"
                            + source + "' or '" + prod + "'");
                }
                if (branch != null && !branch.equals(source) && !branch.equals(prod)) {
                    refuse(mode, "BRANCH_NAME is '" + branch + "'", "branch '" + source + "' or '" + prod + "'");
                }
            }
            case DEPLOY -> {
                if (changeId != null) {
                    refuse(mode, "CHANGE_ID is '" + changeId + "' (a pull request build)", "a build of branch '"
                            + prod + "'");
                }
                if (branch != null && !branch.equals(prod)) {
                    refuse(mode, "BRANCH_NAME is '" + branch + "'", "branch '" + prod + "' (promotion.targetBranch)");
                }
            }
            default -> {
            }
        }
    }

    private static void refuse(PromoteMode mode, String seen, String where) throws HubDeployException {
        throw HubDeployException.failed("promotion refused: " + seen + ", but mode " + mode.id() + " runs only in "
                + where + ". Run it there, or pass allowOtherBranch: true (--allow-other-branch) if this job is"
                + " meant to");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
