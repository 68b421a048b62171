package io.jenkins.plugins.hubdeploy.smoke;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One whole smoke run against the hub: preflight (version, health, token), pre-clean of stale test users, spawn of
 * the test user(s) (concurrently in load mode), the kernel checks (imports, then notebook cells) on the first ready
 * server, and — always, also after a failure or an interruption — the cleanup: kernel shut down, servers stopped,
 * users deleted (unless kept).
 */
final class SmokeAttempt {
    private final HubClient hub;
    private final SmokeOptions options;
    private final List<Notebook> notebooks;
    private final BuildLog log;
    private final UserCleaner cleaner;
    private final long started = System.nanoTime();
    private final List<CheckResult> checks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final PhaseTimer timer = new PhaseTimer();

    SmokeAttempt(HubClient hub, SmokeOptions options, List<Notebook> notebooks, BuildLog log) {
        this.hub = hub;
        this.options = options;
        this.notebooks = notebooks;
        this.log = log;
        this.cleaner = new UserCleaner(hub, log, options.spawnTimeout());
    }

    /** What the attempt found; {@code failure} is the environment problem that stopped it, or null. */
    record Outcome(String hubVersion, List<CheckResult> checks, List<String> progress, LoadStats load,
                   HubDeployException failure, Map<String, Long> phases) {
        boolean passed() {
            return failure == null && checks.stream().noneMatch(c -> c.status() == CheckResult.Status.FAILED);
        }

        /** A spawn that failed or an unreachable hub may go away (nodes scaling up, hub restarting). */
        boolean retryable() {
            return failure instanceof HubUnreachableException || failure instanceof SpawnFailedException
                    || checks.stream().anyMatch(c -> c.status() == CheckResult.Status.FAILED
                    && "spawn".equals(c.group()));
        }
    }

    Outcome run() throws InterruptedException {
        String version = null;
        LoadStats load = null;
        HubDeployException failure = null;
        List<String> users = options.userNames();
        boolean touchedUsers = false;
        try {
            version = timer.time("preflight", this::preflight);
            touchedUsers = true;
            for (String user : users) {
                create(user);
            }
            Map<String, Long> ready = timer.time("spawn", () -> spawnAll(users));
            if (users.size() > 1) {
                load = LoadStats.of(new ArrayList<>(ready.values()), users.size() - ready.size());
                log.info("load: " + load);
            }
            if (ready.isEmpty()) {
                throw firstSpawnFailure();
            }
            String first = ready.keySet().iterator().next();
            timer.time("checks", () -> {
                new KernelChecks(hub, options, notebooks, log, checks).run(first);
                return null;
            });
            skipRemaining("not run: no kernel (see the kernel check)");
        } catch (HubDeployException e) {
            failure = e;
            log.warn(e.getMessage());
            skipRemaining("not run: " + e.getMessage());
        } finally {
            if (touchedUsers) {
                cleanUp(users);
            }
        }
        return new Outcome(version, List.copyOf(checks), List.copyOf(progress), load, failure, timer.toMap());
    }

    /** Version, health and token identity, each a check. */
    private String preflight() throws HubDeployException, InterruptedException {
        HubPreflight preflight = new HubPreflight(hub);
        String version = stage("hub", "version", preflight::version);
        log.info("hub " + hub.hubUrl() + ": JupyterHub " + version);
        stage("hub", "health", () -> {
            preflight.health();
            return null;
        });
        String who = stage("hub", "token", preflight::token);
        log.info("token identity: " + who);
        return version;
    }

    /**
     * Creates the test user. The create itself tells whether a stale one exists (409, left by an interrupted run):
     * then that one's server is stopped, it is deleted (a passed "cleanup / stale user" check) and created afresh.
     */
    private void create(String user) throws HubDeployException, InterruptedException {
        String path = "/hub/api/users/" + user;
        HttpReply created = timer.time("create", () -> hub.post(path, "{}"));
        if (created.status() == 409) {
            timer.time("preClean", () -> {
                cleaner.removeStale(user);
                return null;
            });
            checks.add(CheckResult.passed("cleanup", "stale user " + user, 0,
                    "removed a test user left by an earlier run"));
            created = timer.time("create", () -> hub.post(path, "{}"));
        }
        if (!created.ok()) {
            String message = "creating the test user " + user + " failed (HTTP " + created.status() + ": "
                    + created.message() + ")";
            checks.add(CheckResult.failed("spawn", user, 0, message, null, null));
            throw HubDeployException.environment(message);
        }
    }

    private Map<String, Long> spawnAll(List<String> users) throws HubDeployException, InterruptedException {
        Map<String, Long> ready = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, CheckResult> spawnChecks = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            spawnUsers(users, ready, spawnChecks);
        } finally {
            users.stream().filter(spawnChecks::containsKey).forEach(u -> checks.add(spawnChecks.get(u)));
        }
        // ready users in the order of the user list, for a stable report
        Map<String, Long> ordered = new LinkedHashMap<>();
        users.stream().filter(ready::containsKey).forEach(u -> ordered.put(u, ready.get(u)));
        return ordered;
    }

    private void spawnUsers(List<String> users, Map<String, Long> ready, Map<String, CheckResult> spawnChecks)
            throws HubDeployException, InterruptedException {
        if (users.size() == 1) {
            spawnOne(users.get(0), ready, spawnChecks);
            return;
        }
        log.info("load mode: spawning " + users.size() + " test users at once");
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String user : users) {
                futures.add(pool.submit(() -> {
                    spawnOne(user, ready, spawnChecks);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof HubUnreachableException unreachable) {
                        throw unreachable;
                    }
                    // a spawn failure is already a failed check; the others go on
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void spawnOne(String user, Map<String, Long> ready, Map<String, CheckResult> spawnChecks)
            throws HubDeployException, InterruptedException {
        List<String> lines = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            long millis = new ServerSpawner(hub).spawn(user, options.userOptionsJson(), options.spawnTimeout(),
                    message -> {
                        String line = String.format("+%.1fs %s: %s", (System.nanoTime() - started) / 1e9, user,
                                message);
                        lines.add(line);
                        progress.add(line);
                        log.info("spawn " + line);
                    });
            ready.put(user, millis);
            log.info(user + ": server ready in " + String.format("%.1f s", millis / 1000.0));
            spawnChecks.put(user, new CheckResult("spawn", user, CheckResult.Status.PASSED, millis, null, null,
                    String.join("\n", lines)));
        } catch (HubDeployException e) {
            long millis = (System.nanoTime() - t0) / 1_000_000;
            spawnChecks.put(user, CheckResult.failed("spawn", user, millis, e.getMessage(), String.join("\n", lines),
                    null));
            throw e;
        }
    }

    private HubDeployException firstSpawnFailure() {
        for (CheckResult check : checks) {
            if ("spawn".equals(check.group()) && check.status() == CheckResult.Status.FAILED) {
                return new SpawnFailedException(check.message());
            }
        }
        return new SpawnFailedException("no test user's server became ready");
    }

    /** Lists the imports and cells that never ran as skipped, so the report shows everything that was asked. */
    private void skipRemaining(String why) {
        for (String module : options.imports()) {
            if (checks.stream().noneMatch(c -> "import".equals(c.group()) && c.name().equals("import " + module))) {
                checks.add(CheckResult.skipped("import", "import " + module, why));
            }
        }
        for (Notebook notebook : notebooks) {
            for (Notebook.Cell cell : notebook.cells()) {
                if (checks.stream().noneMatch(c -> notebook.path().equals(c.group()) && c.name().equals(cell.name()))) {
                    checks.add(CheckResult.skipped(notebook.path(), cell.name(), why));
                }
            }
        }
    }

    private void cleanUp(List<String> users) {
        for (String user : users) {
            Exception failed = Uninterruptibly.run(() -> cleaner.cleanUp(user, options.keepUser(), timer));
            if (failed != null && !(failed instanceof InterruptedException)) {
                String message = "cleanup of " + user + " failed: " + failed.getMessage() + "; stop its server and"
                        + " delete the user by hand (hub admin page)";
                log.warn(message);
                checks.add(CheckResult.failed("cleanup", user, 0, message, null, null));
            }
        }
    }

    private <T> T stage(String group, String name, Step<T> step) throws HubDeployException, InterruptedException {
        long t0 = System.nanoTime();
        try {
            T value = step.run();
            checks.add(CheckResult.passed(group, name, (System.nanoTime() - t0) / 1_000_000,
                    value == null ? null : value.toString()));
            return value;
        } catch (HubDeployException e) {
            checks.add(CheckResult.failed(group, name, (System.nanoTime() - t0) / 1_000_000, e.getMessage(), null,
                    null));
            throw e;
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws HubDeployException, InterruptedException;
    }
}
