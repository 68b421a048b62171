package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One promotion at a time per release: a {@code coordination.k8s.io/v1} Lease {@code hubdeploy-promote-<release>}
 * in the prod namespace, so it holds across Jenkins controllers, agents and CLI runs that share the cluster.
 *
 * <p>Acquire creates the Lease; when it exists and has expired ({@code renewTime + leaseDurationSeconds} in the
 * past, judged by this machine's clock) it is taken over by replacing the object just read, so of two contenders
 * the API server lets exactly one through (the other's stale {@code resourceVersion} is a 409 Conflict). A live
 * holder is waited for, polling, until {@code maxWait}; then the promotion fails naming the holder and when its
 * lease expires. While held, the Lease is renewed in the background every third of its ttl, so a long promotion
 * keeps it; {@link #checkHeld} says whether a renewal found it lost. Release stops the renewals and deletes the Lease
 * only while we still hold it (a precondition on its resourceVersion). A crashed holder neither renews nor
 * releases: its Lease expires after the ttl.
 *
 * <p>The kubectl side is {@link LeaseClient}; the lease's bodies go through a 0600 scratch directory.
 */
public final class LeaseLock implements AutoCloseable {
    public static final String NAME_PREFIX = "hubdeploy-promote-";
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    /** A bound on API round trips even when every attempt races with another promotion. */
    private static final int MAX_ATTEMPTS = 1_000;

    /**
     * What to lock and how long to wait.
     *
     * @param namespace the prod namespace
     * @param release   the prod release
     * @param holder    who we are: {@link #holderIdentity}
     * @param ttl       how long the Lease lives without renewal
     * @param maxWait   how long to wait for a live holder (zero: fail at once)
     * @param poll      how often to look again while waiting
     */
    public record Settings(String namespace, String release, String holder, Duration ttl, Duration maxWait,
                           Duration poll) {
        public Settings {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(release, "release");
            Objects.requireNonNull(holder, "holder");
            if (ttl.toSeconds() < 1 || maxWait.isNegative() || poll.isNegative() || poll.isZero()) {
                throw new IllegalArgumentException("ttl must be at least 1 s, maxWait >= 0, poll > 0");
            }
        }

        public Settings(String namespace, String release, String holder, Duration ttl, Duration maxWait) {
            this(namespace, release, holder, ttl, maxWait, DEFAULT_POLL);
        }

        /** The deployment's {@code promotion.lock} for {@code release}, held by this build ({@link #holderIdentity}). */
        public static Settings of(PromotionSpec.LockSpec lock, String namespace, String release, Map<String, String> env) {
            return new Settings(namespace, release, holderIdentity(env), lock.ttl(), lock.maxWait());
        }
    }

    private final Agent agent;
    private final BuildLog log;
    private final SecretMasker masker;
    private final Clock clock;
    private final Settings settings;
    private final String scratch;
    private final LeaseClient leases;
    private volatile boolean released;
    /** Renews the lease in the background while it is held; null before it is taken. */
    private ScheduledExecutorService renewer;
    /** When the lease was last written by us (taken or renewed), System.nanoTime(). */
    private volatile long lastWritten;
    /** Why the lease is no longer ours, once a renewal found that out; null while it is held. */
    private volatile String lostReason;

    private LeaseLock(KubectlCli kubectl, Agent agent, BuildLog log, SecretMasker masker, Clock clock,
                      Settings settings, String scratch) {
        this.agent = agent;
        this.log = log;
        this.masker = masker;
        this.clock = clock;
        this.settings = settings;
        this.scratch = scratch;
        this.leases = new LeaseClient(kubectl, agent, masker, settings.namespace(), leaseName(settings.release()), scratch);
    }

    public static String leaseName(String release) {
        return NAME_PREFIX + release;
    }

    /**
     * Who holds the lock: the build's URL ({@code BUILD_URL}) or {@code host pid N}, plus a random suffix, so two
     * promotions in one JVM (two builds on one controller) never mistake each other's lock for their own.
     */
    public static String holderIdentity(Map<String, String> env) {
        String buildUrl = env.get("BUILD_URL");
        String base;
        if (buildUrl != null && !buildUrl.isBlank()) {
            base = buildUrl.strip();
        } else {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown-host";
            }
            base = host + " pid " + ProcessHandle.current().pid();
        }
        return base + " #" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Acquires the lock with the system clock; see {@link #acquire(KubectlCli, Agent, BuildLog, SecretMasker, Clock, Settings)}. */
    public static LeaseLock acquire(KubectlCli kubectl, Agent agent, BuildLog log, SecretMasker masker, Settings settings)
            throws IOException, InterruptedException, HubDeployException {
        return acquire(kubectl, agent, log, masker, Clock.systemUTC(), settings);
    }

    /**
     * Takes the lock, waiting up to {@code settings.maxWait()} for a live holder. Exit 1 when it stays held (the
     * message names the holder and when its lease expires); exit 3 when the cluster refuses or cannot be reached.
     */
    public static LeaseLock acquire(KubectlCli kubectl, Agent agent, BuildLog log, SecretMasker masker, Clock clock,
                                    Settings settings) throws IOException, InterruptedException, HubDeployException {
        String scratch = agent.run(new ScratchDir.Create());
        LeaseLock lock = new LeaseLock(kubectl, agent, log, masker, clock, settings, scratch);
        boolean acquired = false;
        try {
            lock.take();
            lock.lastWritten = System.nanoTime();
            lock.startRenewing();
            acquired = true;
            return lock;
        } finally {
            if (!acquired) {
                lock.deleteScratch();
            }
        }
    }

    /**
     * Who holds the lock now, without taking it ({@code hubdeploy plan}): "free", or the holder and when its lease
     * expires. Exit 3 when the cluster refuses or cannot be reached.
     */
    public static String currentHolder(KubectlCli kubectl, Agent agent, SecretMasker masker, Clock clock,
                                       Settings settings) throws IOException, InterruptedException, HubDeployException {
        // read only: the scratch directory LeaseClient writes manifests to is never used by read()
        JsonNode current = new LeaseClient(kubectl, agent, masker, settings.namespace(),
                leaseName(settings.release()), null).read();
        LeaseHolder holder = current == null ? null : LeaseHolder.of(current);
        return holder == null || holder.expiredAt(clock.instant()) ? "free"
                : "held by " + holder.identity() + " until " + holder.expiry();
    }

    public String name() {
        return leaseName(settings.release());
    }

    public String holder() {
        return settings.holder();
    }

    private String where() {
        return leases.where();
    }

    private void take() throws IOException, InterruptedException, HubDeployException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        String waitingFor = null;
        boolean namespaceCreated = false;
        int vanished = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            ProcessResult created = leases.create(manifest(now, now, 0, null));
            if (created.ok()) {
                log.info("promotion lock: took " + where() + " as " + holder());
                return;
            }
            if (!namespaceCreated && LeaseClient.isNamespaceMissing(created)) {
                leases.createNamespace();
                log.info("promotion lock: created namespace " + settings.namespace() + " (the first deploy to prod"
                        + " would create it anyway)");
                namespaceCreated = true;
                continue;
            }
            if (LeaseClient.is(created, "Forbidden")) {
                throw leases.failure("create", created);
            }
            // servers word "it exists" differently (AlreadyExists, Conflict): what is stored decides
            JsonNode current = leases.read();
            if (current == null) {
                if (++vanished <= 3) {
                    continue; // released between our create and our read: try again at once
                }
                throw leases.failure("create", created);
            }
            LeaseHolder other = LeaseHolder.of(current);
            if (other.identity().equals(holder())) {
                return; // our own create went through although kubectl reported otherwise
            }
            if (other.expiredAt(clock.instant())) {
                if (takeOver(current, other)) {
                    return;
                }
                continue; // someone else took it over first: look again
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw HubDeployException.failed("another promotion of release " + settings.release() + " is running: "
                        + where() + " is held by " + other.identity() + " (since " + other.acquireTime() + "), and"
                        + " expires at " + other.expiry() + " unless renewed. " + (settings.maxWait().isZero() ? ""
                        : "Waited " + settings.maxWait().toSeconds() + " s. ") + "Retry when it is done; if that"
                        + " promotion crashed, its lock frees itself at the expiry, or delete it: kubectl delete lease "
                        + name() + " --namespace " + settings.namespace());
            }
            if (!other.identity().equals(waitingFor)) {
                log.info("promotion lock: " + where() + " is held by " + other.identity() + " until " + other.expiry()
                        + "; waiting up to " + Duration.ofNanos(left).toSeconds() + " s");
                waitingFor = other.identity();
            }
            Thread.sleep(Math.max(1, Math.min(settings.poll().toMillis(), Duration.ofNanos(left).toMillis())));
        }
        throw HubDeployException.environment("could not take " + where() + " in " + MAX_ATTEMPTS + " attempts: every"
                + " attempt raced with another writer; check what else changes that Lease");
    }

    private boolean takeOver(JsonNode current, LeaseHolder previous)
            throws IOException, InterruptedException, HubDeployException {
        Instant now = clock.instant();
        String readVersion = LeaseClient.resourceVersion(current);
        ProcessResult replaced = leases.replace(manifest(now, now, previous.transitions() + 1, readVersion));
        if (replaced.ok()) {
            log.warn("promotion lock: took over the expired " + where() + " from " + previous.identity()
                    + " (its lease ended " + previous.expiry() + "; that promotion stopped without releasing it)");
            return true;
        }
        if (leases.changedSince(readVersion)) {
            return false; // another promotion wrote first (409 Conflict on our stale resourceVersion)
        }
        throw leases.failure("replace", replaced);
    }

    /**
     * Extends the lease by its ttl from now. Exit 1 when it is no longer ours (it expired and was taken over): the
     * caller must stop changing prod.
     */
    public synchronized void renew() throws IOException, InterruptedException, HubDeployException {
        JsonNode current = leases.read();
        LeaseHolder now = current == null ? null : LeaseHolder.of(current);
        if (now == null || !now.identity().equals(holder())) {
            throw lost(now);
        }
        Instant at = clock.instant();
        String readVersion = LeaseClient.resourceVersion(current);
        Instant acquired = now.acquired() == null ? at : now.acquired();
        ProcessResult replaced = leases.replace(manifest(acquired, at, now.transitions(), readVersion));
        if (!replaced.ok()) {
            if (leases.changedSince(readVersion)) {
                JsonNode after = leases.read();
                throw lost(after == null ? null : LeaseHolder.of(after));
            }
            throw leases.failure("replace", replaced);
        }
        lastWritten = System.nanoTime();
    }

    /**
     * Exit 1 when a background renewal found that the lease is no longer ours (it expired and another promotion took
     * it): call it before each step that changes prod.
     */
    public void checkHeld() throws HubDeployException {
        if (lostReason != null) {
            throw HubDeployException.failed(lostReason);
        }
    }

    /**
     * Renews every third of the ttl, so a promotion that runs longer than the ttl (a slow deploy plus the smoke
     * test) keeps its lock, while a crashed one's still expires. Stops when the lease is lost, when it is released,
     * and when renewals kept failing for a whole ttl (the lease has expired by then anyway).
     */
    private void startRenewing() {
        long every = Math.max(1000, settings.ttl().toMillis() / 3);
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hubdeploy renew " + name());
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renewInBackground, every, every, TimeUnit.MILLISECONDS);
    }

    private void renewInBackground() {
        if (released) {
            return;
        }
        try {
            renew();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (HubDeployException e) {
            if (e.exitCode() == ExitCode.FAILED) {
                lostReason = masker.mask(e.getMessage());
                log.warn("promotion lock: " + lostReason);
                renewer.shutdown();
            } else if (System.nanoTime() - lastWritten >= settings.ttl().toNanos()) {
                lostReason = "the promotion lost its lock: " + where() + " could not be renewed for its whole ttl ("
                        + settings.ttl().toSeconds() + " s): " + masker.mask(e.getMessage());
                log.warn("promotion lock: " + lostReason);
                renewer.shutdown();
            } else {
                log.warn("promotion lock: could not renew " + where() + " (" + masker.mask(e.getMessage())
                        + "); trying again");
            }
        } catch (IOException | RuntimeException e) {
            log.warn("promotion lock: could not renew " + where() + " (" + masker.mask(String.valueOf(e.getMessage()))
                    + "); trying again");
        }
    }

    private void stopRenewing() throws InterruptedException {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer.awaitTermination(KubectlCli.READ_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        }
    }


    private HubDeployException lost(LeaseHolder now) {
        return HubDeployException.failed("the promotion lost its lock: " + where() + " is "
                + (now == null || now.identity().isEmpty() ? "gone" : "now held by " + now.identity())
                + ". This promotion ran longer than the lock's ttl (" + settings.ttl().toSeconds() + " s): raise"
                + " promotion.lock.ttl in hubdeploy.yaml, and check prod before promoting again");
    }

    /**
     * Deletes the Lease if it is still ours; otherwise (expired and taken over, or deleted by hand) leaves it and
     * says so. Idempotent.
     */
    public void release() throws IOException, InterruptedException, HubDeployException {
        if (released) {
            return;
        }
        try {
            stopRenewing();
            JsonNode current = leases.read();
            if (current == null) {
                log.warn("promotion lock: " + where() + " was already gone when this promotion ended");
                return;
            }
            LeaseHolder now = LeaseHolder.of(current);
            if (!now.identity().equals(holder())) {
                log.warn("promotion lock: " + where() + " is held by " + now.identity() + " now (ours expired and was"
                        + " taken over); left as it is");
                return;
            }
            ProcessResult deleted = leases.deleteAt(LeaseClient.resourceVersion(current));
            if (!deleted.ok() && !LeaseClient.is(deleted, "NotFound")) {
                if (LeaseClient.is(deleted, "Conflict")) {
                    log.warn("promotion lock: " + where() + " changed while it was being released; left as it is");
                    return;
                }
                throw leases.failure("delete", deleted);
            }
            log.info("promotion lock: released " + where());
        } finally {
            released = true;
            deleteScratch();
        }
    }

    /** Releases without throwing (also after an abort: the interrupt is kept); a failure is logged, the lease expires. */
    @Override
    public void close() {
        Exception failure = Uninterruptibly.run(this::release);
        if (failure != null) {
            log.warn("promotion lock: could not release " + where() + " (" + masker.mask(failure.getMessage())
                    + "); it expires by itself within " + settings.ttl().toSeconds() + " s");
        }
    }

    private String manifest(Instant acquired, Instant renewed, int transitions, String version) {
        return leases.manifest(settings.release(), holder(), settings.ttl(), acquired, renewed, transitions, version);
    }

    private void deleteScratch() {
        Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
        if (failure != null) {
            log.warn("could not delete the temporary directory " + scratch + " (" + failure.getMessage() + ")");
        }
    }
}
