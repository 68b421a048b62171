package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.List;

/**
 * The checks that run code on a ready server: one {@code import} per module, then every code cell of every
 * notebook, in order, each with the check timeout, all in one kernel (a new one when the kernel died). A failed
 * cell makes the rest of its notebook skipped; a failed import does not stop the other imports.
 */
final class KernelChecks {
    private final HubClient hub;
    private final SmokeOptions options;
    private final List<Notebook> notebooks;
    private final BuildLog log;
    private final List<CheckResult> checks;

    KernelChecks(HubClient hub, SmokeOptions options, List<Notebook> notebooks, BuildLog log,
                 List<CheckResult> checks) {
        this.hub = hub;
        this.options = options;
        this.notebooks = notebooks;
        this.log = log;
        this.checks = checks;
    }

    void run(String user) throws HubDeployException, InterruptedException {
        if (options.imports().isEmpty() && notebooks.isEmpty()) {
            log.info("no imports or notebooks to check: the spawn was the test");
            return;
        }
        KernelSession kernel = null;
        try {
            kernel = startKernel(user);
            if (kernel == null) {
                return;
            }
            for (String module : options.imports()) {
                if (kernel.dead()) {
                    kernel.close();
                    kernel = startKernel(user);
                    if (kernel == null) {
                        return;
                    }
                }
                check(kernel, "import", "import " + module, "import " + module);
            }
            for (Notebook notebook : notebooks) {
                log.info("notebook " + notebook.path() + ": " + notebook.cells().size() + " code cells");
                String skipWhy = null;
                for (Notebook.Cell cell : notebook.cells()) {
                    if (skipWhy != null) {
                        checks.add(CheckResult.skipped(notebook.path(), cell.name(), skipWhy));
                        continue;
                    }
                    if (kernel.dead()) {
                        kernel.close();
                        kernel = startKernel(user);
                        if (kernel == null) {
                            return;
                        }
                    }
                    log.info("RUN  " + notebook.path() + " / " + cell.name()); // a cell may run for minutes
                    if (!check(kernel, notebook.path(), cell.name(), cell.source())) {
                        skipWhy = "an earlier cell of this notebook failed (" + cell.name() + ")";
                    }
                }
            }
        } finally {
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    /** @return the started kernel, or null after recording why it could not start (the rest is then skipped) */
    private KernelSession startKernel(String user) throws HubDeployException, InterruptedException {
        long t0 = System.nanoTime();
        String name = "start " + (options.kernel() == null ? "default kernel" : options.kernel());
        try {
            KernelSession kernel = KernelSession.start(hub, user, options.kernel(), options.spawnTimeout());
            checks.add(CheckResult.passed("kernel", name, millis(t0), kernel.kernelName()));
            log.info("kernel " + kernel.kernelName() + " started on " + user + "'s server");
            return kernel;
        } catch (HubDeployException e) {
            if (e instanceof HubUnreachableException) {
                throw e;
            }
            checks.add(CheckResult.failed("kernel", name, millis(t0), e.getMessage(), null, null));
            log.warn(e.getMessage());
            return null;
        }
    }

    private boolean check(KernelSession kernel, String group, String name, String code)
            throws HubDeployException, InterruptedException {
        long t0 = System.nanoTime();
        ExecutionOutcome outcome = kernel.execute(code, options.checkTimeout());
        long millis = millis(t0);
        if (outcome.ok()) {
            checks.add(CheckResult.passed(group, name, millis, outcome.output()));
            log.info("PASS " + group + " / " + name + String.format(" (%.1f s)", millis / 1000.0));
            return true;
        }
        String message = outcome.kind() == ExecutionOutcome.Kind.TIMEOUT ? "timeout: " + outcome.error()
                : outcome.error();
        checks.add(CheckResult.failed(group, name, millis, message, outcome.traceback(), outcome.output()));
        log.warn("FAIL " + group + " / " + name + ": " + message
                + (outcome.traceback() == null || outcome.traceback().isEmpty() ? "" : "\n" + outcome.traceback()));
        return false;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
