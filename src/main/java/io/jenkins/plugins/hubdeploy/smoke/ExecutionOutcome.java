package io.jenkins.plugins.hubdeploy.smoke;

/**
 * What running one piece of code in the kernel gave. {@code error} is "Ename: evalue" and {@code traceback} the
 * kernel's traceback without terminal colours, both null on success; {@code output} is stdout/stderr and results.
 */
record ExecutionOutcome(Kind kind, String output, String error, String traceback) {
    enum Kind { OK, ERROR, TIMEOUT, DEAD }

    boolean ok() {
        return kind == Kind.OK;
    }
}
