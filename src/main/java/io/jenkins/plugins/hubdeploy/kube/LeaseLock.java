package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.hubdeploy.config.PromotionSpec;
import io.jenkins.plugins.hubdeploy.helm.DeployFiles;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.platform.Uninterruptibly;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One promotion at a time per release: a {@code coordination.k8s.io/v1} Lease {@code hubdeploy-promote-<release>}
 * in the prod namespace, so it holds across Jenkins controllers, agents and CLI runs that share the cluster.
 *
 * <p>Acquire creates the Lease; when it exists and has expired ({@code renewTime + leaseDurationSeconds} in the
 * past, judged by this machine's clock) it is taken over by replacing the object just read, so of two contenders
 * the API server lets exactly one through (the other's stale {@code resourceVersion} is a 409 Conflict). A live
 * holder is waited for, polling, until {@code maxWait}; then the promotion fails naming the holder and when its
 * lease expires. Release deletes the Lease only while we still hold it (a precondition on its resourceVersion).
 * A crashed holder never releases: its Lease expires after the ttl.
 *
 * <p>Bodies go through 0600 files in the workspace's scratch directory (the process port has no stdin); the
 * delete's precondition is a DeleteOptions body sent with {@code kubectl delete --raw}.
 */
public final class LeaseLock implements AutoCloseable {
    public static final String NAME_PREFIX = "hubdeploy-promote-";
    static final String API = "/apis/coordination.k8s.io/v1";
    /** MicroTime as the API server parses it (Go's RFC3339Micro: exactly six fraction digits). */
    static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private final KubectlCli kubectl;
    private final Agent agent;
    private final BuildLog log;
    private final SecretMasker masker;
    private final Clock clock;
    private final Settings settings;
    private final String scratch;
    private boolean released;

    private LeaseLock(KubectlCli kubectl, Agent agent, BuildLog log, SecretMasker masker, Clock clock,
                      Settings settings, String scratch) {
        this.kubectl = kubectl;
        this.agent = agent;
        this.log = log;
        this.masker = masker;
        this.clock = clock;
        this.settings = settings;
        this.scratch = scratch;
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
            acquired = true;
            return lock;
        } finally {
            if (!acquired) {
                lock.deleteScratch();
            }
        }
    }

    public String name() {
        return leaseName(settings.release());
    }

    public String holder() {
        return settings.holder();
    }

    private String path() {
        return API + "/namespaces/" + settings.namespace() + "/leases/" + name();
    }

    private String where() {
        return "Lease " + name() + " in namespace " + settings.namespace();
    }

    private void take() throws IOException, InterruptedException, HubDeployException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        String waitingFor = null;
        boolean namespaceCreated = false;
        int vanished = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            ProcessResult created = apply("create", lease(now, now, 0, null));
            if (created.ok()) {
                log.info("promotion lock: took " + where() + " as " + holder());
                return;
            }
            if (!namespaceCreated && isNamespaceMissing(created)) {
                createNamespace();
                namespaceCreated = true;
                continue;
            }
            if (is(created, "Forbidden")) {
                throw failure("create", created);
            }
            // servers word "it exists" differently (AlreadyExists, Conflict): what is stored decides
            JsonNode current = read();
            if (current == null) {
                if (++vanished <= 3) {
                    continue; // released between our create and our read: try again at once
                }
                throw failure("create", created);
            }
            Holder other = Holder.of(current.path("spec"));
            if (other.identity.equals(holder())) {
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
                        + where() + " is held by " + other.identity + " (since " + other.acquireTime + "), and expires at "
                        + other.expiry() + " unless renewed. " + (settings.maxWait().isZero() ? "" : "Waited "
                        + settings.maxWait().toSeconds() + " s. ") + "Retry when it is done; if that promotion crashed,"
                        + " its lock frees itself at the expiry, or delete it: kubectl delete lease " + name()
                        + " --namespace " + settings.namespace());
            }
            if (!other.identity.equals(waitingFor)) {
                log.info("promotion lock: " + where() + " is held by " + other.identity + " until " + other.expiry()
                        + "; waiting up to " + Duration.ofNanos(left).toSeconds() + " s");
                waitingFor = other.identity;
            }
            Thread.sleep(Math.max(1, Math.min(settings.poll().toMillis(), Duration.ofNanos(left).toMillis())));
        }
        throw HubDeployException.environment("could not take " + where() + " in " + MAX_ATTEMPTS + " attempts: every"
                + " attempt raced with another writer; check what else changes that Lease");
    }

    private boolean takeOver(JsonNode current, Holder previous) throws IOException, InterruptedException, HubDeployException {
        Instant now = clock.instant();
        String readVersion = current.path("metadata").path("resourceVersion").asText();
        int transitions = current.path("spec").path("leaseTransitions").asInt(0) + 1;
        ProcessResult replaced = apply("replace", lease(now, now, transitions, readVersion));
        if (replaced.ok()) {
            log.warn("promotion lock: took over the expired " + where() + " from " + previous.identity
                    + " (its lease ended " + previous.expiry() + "; that promotion stopped without releasing it)");
            return true;
        }
        if (changedSince(readVersion)) {
            return false; // another promotion wrote first (409 Conflict on our stale resourceVersion)
        }
        throw failure("replace", replaced);
    }

    /**
     * Extends the lease by its ttl from now. Exit 1 when it is no longer ours (it expired and was taken over): the
     * caller must stop changing prod.
     */
    public void renew() throws IOException, InterruptedException, HubDeployException {
        JsonNode current = read();
        Holder now = current == null ? null : Holder.of(current.path("spec"));
        if (now == null || !now.identity.equals(holder())) {
            throw lost(now);
        }
        Instant at = clock.instant();
        String readVersion = current.path("metadata").path("resourceVersion").asText();
        ProcessResult replaced = apply("replace", lease(now.acquired(), at,
                current.path("spec").path("leaseTransitions").asInt(0), readVersion));
        if (!replaced.ok()) {
            if (changedSince(readVersion)) {
                JsonNode after = read();
                throw lost(after == null ? null : Holder.of(after.path("spec")));
            }
            throw failure("replace", replaced);
        }
    }

    private HubDeployException lost(Holder now) {
        return HubDeployException.failed("the promotion lost its lock: " + where() + " is "
                + (now == null || now.identity.isEmpty() ? "gone" : "now held by " + now.identity)
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
            JsonNode current = read();
            if (current == null) {
                log.warn("promotion lock: " + where() + " was already gone when this promotion ended");
                return;
            }
            Holder now = Holder.of(current.path("spec"));
            if (!now.identity.equals(holder())) {
                log.warn("promotion lock: " + where() + " is held by " + now.identity + " now (ours expired and was"
                        + " taken over); left as it is");
                return;
            }
            String version = current.path("metadata").path("resourceVersion").asText();
            ObjectNode options = JSON.createObjectNode();
            options.put("kind", "DeleteOptions");
            options.put("apiVersion", "v1");
            options.putObject("preconditions").put("resourceVersion", version);
            ProcessResult deleted = kubectl.run(List.of("delete", "--raw", path(), "-f", file("delete", options.toString())),
                    KubectlCli.READ_TIMEOUT);
            if (!deleted.ok() && !is(deleted, "NotFound")) {
                if (is(deleted, "Conflict")) {
                    log.warn("promotion lock: " + where() + " changed while it was being released; left as it is");
                    return;
                }
                throw failure("delete", deleted);
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

    /** The Lease as stored, or null when there is none. */
    private JsonNode read() throws IOException, InterruptedException, HubDeployException {
        ProcessResult got = kubectl.run(List.of("get", "--raw", path()), KubectlCli.READ_TIMEOUT);
        if (!got.ok()) {
            if (is(got, "NotFound")) {
                return null;
            }
            throw failure("get", got);
        }
        try {
            return JSON.readTree(got.stdout());
        } catch (IOException e) {
            throw HubDeployException.environment("kubectl get --raw " + path() + " printed no JSON; check the kubectl"
                    + " version and the API server");
        }
    }

    private String lease(Instant acquired, Instant renewed, int transitions, String version) {
        ObjectNode lease = JSON.createObjectNode();
        lease.put("apiVersion", "coordination.k8s.io/v1");
        lease.put("kind", "Lease");
        ObjectNode metadata = lease.putObject("metadata");
        metadata.put("name", name());
        metadata.put("namespace", settings.namespace());
        if (version != null) {
            metadata.put("resourceVersion", version);
        }
        ObjectNode labels = metadata.putObject("labels");
        labels.put("app.kubernetes.io/managed-by", "hubdeploy");
        labels.put("app.kubernetes.io/instance", settings.release());
        ObjectNode spec = lease.putObject("spec");
        spec.put("holderIdentity", holder());
        spec.put("leaseDurationSeconds", (int) Math.min(Integer.MAX_VALUE, settings.ttl().toSeconds()));
        spec.put("acquireTime", MICRO_TIME.format(acquired));
        spec.put("renewTime", MICRO_TIME.format(renewed));
        spec.put("leaseTransitions", transitions);
        return lease.toString();
    }

    /** {@code kubectl create|replace -f FILE} with the Lease in FILE (replace: conditional on its resourceVersion). */
    private ProcessResult apply(String verb, String lease) throws IOException, InterruptedException, HubDeployException {
        return kubectl.run(List.of(verb, "-f", file(verb, lease), "-o", "json"), KubectlCli.READ_TIMEOUT);
    }

    private String file(String verb, String body) throws IOException, InterruptedException, HubDeployException {
        String file = Path.of(scratch, "lease-" + verb + ".json").toString();
        agent.run(new DeployFiles.WritePrivate(file, body));
        return file;
    }

    /** Whether the stored Lease is gone or no longer at {@code version}. */
    private boolean changedSince(String version) throws IOException, InterruptedException, HubDeployException {
        JsonNode now = read();
        return now == null || !now.path("metadata").path("resourceVersion").asText().equals(version);
    }

    private void createNamespace() throws IOException, InterruptedException, HubDeployException {
        ProcessResult created = kubectl.run(List.of("create", "namespace", settings.namespace()), KubectlCli.READ_TIMEOUT);
        if (!created.ok() && !is(created, "AlreadyExists")) {
            throw failure("create namespace", created);
        }
        log.info("promotion lock: created namespace " + settings.namespace() + " (the first deploy to prod would"
                + " create it anyway)");
    }

    private static boolean isNamespaceMissing(ProcessResult result) {
        return is(result, "NotFound") && text(result).contains("namespaces \"");
    }

    /** kubectl's {@code Error from server (Reason)}; stdout too, since a Launcher in a container merges the streams. */
    private static boolean is(ProcessResult result, String reason) {
        String t = text(result);
        return t.contains("(" + reason + ")") || ("AlreadyExists".equals(reason) && t.contains("already exists"));
    }

    private static String text(ProcessResult result) {
        return result.stderr() + "\n" + result.stdout();
    }

    private HubDeployException failure(String verb, ProcessResult result) {
        String error = masker.mask(ClusterErrors.errorText(result));
        if (is(result, "Forbidden")) {
            return HubDeployException.environment("kubectl " + verb + " of " + where() + " was refused (" + error
                    + "); give the deploying account get, create, update and delete on leases.coordination.k8s.io in"
                    + " namespace " + settings.namespace());
        }
        return HubDeployException.environment("kubectl " + verb + " of " + where() + " failed: " + error);
    }

    private void deleteScratch() {
        Exception failure = Uninterruptibly.run(() -> agent.run(new ScratchDir.Delete(scratch)));
        if (failure != null) {
            log.warn("could not delete the temporary directory " + scratch + " (" + failure.getMessage() + ")");
        }
    }

    /** The holder fields of a Lease's spec. */
    private record Holder(String identity, String acquireTime, String renewTime, int durationSeconds) {
        static Holder of(JsonNode spec) {
            return new Holder(spec.path("holderIdentity").asText(""), spec.path("acquireTime").asText(""),
                    spec.path("renewTime").asText(""), spec.path("leaseDurationSeconds").asInt(0));
        }

        Instant renewed() {
            return parse(renewTime.isEmpty() ? acquireTime : renewTime);
        }

        Instant acquired() {
            Instant a = parse(acquireTime);
            return a == null ? renewed() : a;
        }

        /** No holder, no valid time or duration, or the lease ran out: free to take over. */
        boolean expiredAt(Instant now) {
            Instant renewed = renewed();
            return identity.isEmpty() || renewed == null || durationSeconds <= 0
                    || !now.isBefore(renewed.plusSeconds(durationSeconds));
        }

        String expiry() {
            Instant renewed = renewed();
            return renewed == null ? "(unknown)" : renewed.plusSeconds(durationSeconds).toString();
        }

        private static Instant parse(String text) {
            try {
                return text.isEmpty() ? null : Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
