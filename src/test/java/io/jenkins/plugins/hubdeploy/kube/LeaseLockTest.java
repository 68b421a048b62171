package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.hubdeploy.kube.LeaseLock.Settings;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.KubeApiMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The promotion lock with the real kubectl against the Kubernetes API the tests have today: {@link KubeApiMock}
 * (SIMULATED API server: fabric8's CRUD mock, which stores Leases and rejects a PUT whose resourceVersion is stale
 * with 409, like a real API server; it ignores DeleteOptions preconditions, so the "release only our own lease"
 * rule is proven here by the read-and-compare step, and the precondition itself only against a real server).
 */
class LeaseLockTest {
    private static final String NS = "hub1-prod";
    private static final String RELEASE = "hub1-prod";
    private static final String LEASE_PATH = "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases/hubdeploy-promote-" + RELEASE;
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;
    KubeApiMock api;
    CollectingLog log = new CollectingLog();
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        api = new KubeApiMock();
        env = Map.of("KUBECONFIG", api.writeKubeconfig(dir).toString(), KubectlCli.KUBECTL_BIN, kubectl());
        Files.createDirectories(dir.resolve("ws"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** The kubectl that bin/install-tools builds (the test cluster's version); skipped (failed under CI=true) when absent. */
    static String kubectl() {
        return io.jenkins.plugins.hubdeploy.testing.Tools.kubectl().toString();
    }

    private Settings settings(String holder, Duration ttl, Duration maxWait) {
        return new Settings(NS, RELEASE, holder, ttl, maxWait, POLL);
    }

    private LeaseLock acquire(Settings settings) throws Exception {
        return acquire(settings, Clock.systemUTC());
    }

    private LeaseLock acquire(Settings settings, Clock clock) throws Exception {
        SecretMasker masker = new SecretMasker();
        KubectlCli kubectl = new KubectlCli(new LocalProcessRunner(dir.resolve("ws"), log), env, masker);
        return LeaseLock.acquire(kubectl, new LocalAgent(dir.resolve("ws")), log, masker, clock, settings);
    }

    private JsonNode storedLease() throws Exception {
        return api.get(LEASE_PATH).orElseThrow(() -> new AssertionError("no Lease stored at " + LEASE_PATH));
    }

    @Test
    void acquireCreatesTheLeaseAndReleaseDeletesIt() throws Exception {
        Instant before = Instant.now();
        try (LeaseLock lock = acquire(settings("https://ci.example.org/job/hub/7/ #a1", Duration.ofMinutes(30),
                Duration.ZERO))) {
            assertThat(lock.name()).isEqualTo("hubdeploy-promote-hub1-prod");
            JsonNode lease = storedLease();
            assertThat(lease.path("kind").asText()).isEqualTo("Lease");
            JsonNode spec = lease.path("spec");
            assertThat(spec.path("holderIdentity").asText()).isEqualTo("https://ci.example.org/job/hub/7/ #a1");
            assertThat(spec.path("leaseDurationSeconds").asInt()).isEqualTo(1800);
            assertThat(spec.path("renewTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(Instant.parse(spec.path("renewTime").asText())).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(lease.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText())
                    .isEqualTo("hubdeploy");
        }
        assertThat(api.get(LEASE_PATH)).isEmpty();
        assertThat(log.text()).contains("took Lease hubdeploy-promote-hub1-prod in namespace hub1-prod",
                "released Lease hubdeploy-promote-hub1-prod");
        assertThat(api.requests()).anyMatch(r -> r.startsWith("POST /apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases"))
                .anyMatch(r -> r.startsWith("DELETE " + LEASE_PATH));
        assertNoScratchLeft();
    }

    @Test
    void aSecondPromotionWaitsThenFailsNamingTheHolder() throws Exception {
        try (LeaseLock first = acquire(settings("build-1 #aaaa", Duration.ofMinutes(30), Duration.ZERO))) {
            long started = System.nanoTime();
            HubDeployException e = catchThrowableOfType(HubDeployException.class,
                    () -> acquire(settings("build-2 #bbbb", Duration.ofMinutes(30), Duration.ofSeconds(1))));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            String expires = Instant.parse(storedLease().path("spec").path("renewTime").asText()).plusSeconds(1800).toString();
            assertThat(e.getMessage()).contains("another promotion of release hub1-prod is running",
                    "is held by build-1 #aaaa", "expires at " + expires, "Waited 1 s",
                    "kubectl delete lease hubdeploy-promote-hub1-prod --namespace hub1-prod");
            assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(20));
            assertThat(log.text()).contains("is held by build-1 #aaaa until " + expires + "; waiting up to");
            // polled, bounded: more than one look, far fewer than one per millisecond
            long reads = api.requests().stream().filter(r -> r.startsWith("GET " + LEASE_PATH)).count();
            assertThat(reads).isBetween(3L, 30L);
            assertThat(storedLease().path("spec").path("holderIdentity").asText()).isEqualTo("build-1 #aaaa");
        }
        assertNoScratchLeft();
    }

    @Test
    void withoutWaitTheSecondFailsAtOnce() throws Exception {
        try (LeaseLock first = acquire(settings("build-1 #aaaa", Duration.ofMinutes(30), Duration.ZERO))) {
            HubDeployException e = catchThrowableOfType(HubDeployException.class,
                    () -> acquire(settings("build-2 #bbbb", Duration.ofMinutes(30), Duration.ZERO)));
            assertThat(e.getMessage()).contains("held by build-1 #aaaa").doesNotContain("Waited");
        }
    }

    @Test
    void aWaitingPromotionGetsTheLockWhenTheHolderReleasesIt() throws Exception {
        LeaseLock first = acquire(settings("build-1 #aaaa", Duration.ofMinutes(30), Duration.ZERO));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> releaser = pool.submit(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!log.text().contains("waiting up to") && System.nanoTime() < deadline) {
                    Thread.sleep(50); // until the second promotion is waiting
                }
                first.close();
                return null;
            });
            try (LeaseLock second = acquire(settings("build-2 #bbbb", Duration.ofMinutes(30), Duration.ofSeconds(20)))) {
                releaser.get(10, TimeUnit.SECONDS);
                assertThat(storedLease().path("spec").path("holderIdentity").asText()).isEqualTo("build-2 #bbbb");
                assertThat(log.text()).contains("is held by build-1 #aaaa");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get(LEASE_PATH)).isEmpty();
    }

    @Test
    void aCrashedHoldersExpiredLeaseIsTakenOver() throws Exception {
        // the crashed promotion took the lock an hour ago with a 1-minute ttl and never released it
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        LeaseLock crashed = acquire(settings("crashed-build #dead", Duration.ofMinutes(1), Duration.ZERO), anHourAgo);
        String crashedVersion = storedLease().path("metadata").path("resourceVersion").asText();

        try (LeaseLock next = acquire(settings("build-3 #cccc", Duration.ofMinutes(30), Duration.ZERO))) {
            JsonNode spec = storedLease().path("spec");
            assertThat(spec.path("holderIdentity").asText()).isEqualTo("build-3 #cccc");
            assertThat(spec.path("leaseTransitions").asInt()).isEqualTo(1);
            assertThat(storedLease().path("metadata").path("resourceVersion").asText()).isNotEqualTo(crashedVersion);
            assertThat(log.text()).contains("took over the expired Lease hubdeploy-promote-hub1-prod in namespace"
                    + " hub1-prod from crashed-build #dead");
            assertThat(api.requests()).anyMatch(r -> r.startsWith("PUT " + LEASE_PATH));

            // the crashed holder, coming back, must not delete the lease it lost
            crashed.release();
            assertThat(storedLease().path("spec").path("holderIdentity").asText()).isEqualTo("build-3 #cccc");
            assertThat(log.text()).contains("is held by build-3 #cccc now (ours expired and was taken over); left as it is");
        }
    }

    @Test
    void renewExtendsOurLeaseAndFailsOnceItWasTakenOver() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        MutableClock clock = new MutableClock(start);
        LeaseLock lock = acquire(settings("slow-build #5105", Duration.ofMinutes(1), Duration.ZERO), clock);
        clock.now = start.plusSeconds(30);
        lock.renew();
        assertThat(Instant.parse(storedLease().path("spec").path("renewTime").asText())).isEqualTo(start.plusSeconds(30));
        assertThat(Instant.parse(storedLease().path("spec").path("acquireTime").asText())).isEqualTo(start);

        try (LeaseLock other = acquire(settings("build-4 #dddd", Duration.ofMinutes(30), Duration.ZERO))) {
            HubDeployException e = catchThrowableOfType(HubDeployException.class, lock::renew);
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("the promotion lost its lock", "now held by build-4 #dddd",
                    "raise promotion.lock.ttl");
        } finally {
            lock.close();
        }
    }

    @Test
    void ofTwoPromotionsRacingForAnExpiredLeaseExactlyOneWins() throws Exception {
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        LeaseLock crashed = acquire(settings("crashed #0000", Duration.ofMinutes(1), Duration.ZERO), longAgo);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<LeaseLock>> racers = new ArrayList<>();
        try {
            for (String who : List.of("racer-a #aaaa", "racer-b #bbbb")) {
                Callable<LeaseLock> race = () -> {
                    go.await();
                    return acquire(settings(who, Duration.ofMinutes(30), Duration.ZERO));
                };
                racers.add(pool.submit(race));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            List<String> losers = new ArrayList<>();
            List<LeaseLock> held = new ArrayList<>(List.of(crashed));
            for (Future<LeaseLock> racer : racers) {
                try {
                    LeaseLock won = racer.get(60, TimeUnit.SECONDS);
                    held.add(won);
                    winners.add(won.holder());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(HubDeployException.class);
                    losers.add(e.getCause().getMessage());
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(losers).hasSize(1);
            assertThat(losers.get(0)).contains("is held by " + winners.get(0));
            assertThat(storedLease().path("spec").path("holderIdentity").asText()).isEqualTo(winners.get(0));
            held.forEach(LeaseLock::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnreachableClusterIsAnEnvironmentProblemAndLeaksNoCredential() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(api.url(), "http://127.0.0.1:" + closedPort));
        HubDeployException e = catchThrowableOfType(HubDeployException.class,
                () -> acquire(settings("build-5 #eeee", Duration.ofMinutes(30), Duration.ZERO)));
        assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(e.getMessage()).contains("unreachable").doesNotContain("placeholder-not-a-credential");
        assertThat(log.text()).doesNotContain("placeholder-not-a-credential");
        assertNoScratchLeft();
    }

    @Test
    void holderIdentityNamesTheBuildAndIsUniquePerPromotion() {
        String a = LeaseLock.holderIdentity(Map.of("BUILD_URL", "https://ci.example.org/job/hub/7/"));
        String b = LeaseLock.holderIdentity(Map.of("BUILD_URL", "https://ci.example.org/job/hub/7/"));
        assertThat(a).startsWith("https://ci.example.org/job/hub/7/ #").isNotEqualTo(b);
        assertThat(LeaseLock.holderIdentity(Map.of())).contains(" pid " + ProcessHandle.current().pid() + " #");
    }

    @Test
    void aLiveHolderRenewsItsLeaseBeyondTheTtl() throws Exception {
        try (LeaseLock first = acquire(settings("long-build #1111", Duration.ofSeconds(12), Duration.ZERO))) {
            Instant acquired = Instant.parse(storedLease().path("spec").path("acquireTime").asText());
            Thread.sleep(Duration.ofSeconds(20).toMillis()); // longer than the ttl: only renewals keep it

            HubDeployException e = catchThrowableOfType(HubDeployException.class,
                    () -> acquire(settings("next-build #2222", Duration.ofMinutes(30), Duration.ZERO)));
            assertThat(e).as("the lease was renewed, so it has not expired").isNotNull();
            assertThat(e.getMessage()).contains("held by long-build #1111");
            assertThat(Instant.parse(storedLease().path("spec").path("renewTime").asText()))
                    .isAfter(acquired.plusSeconds(3));
            first.checkHeld();
        }
        assertThat(api.get(LEASE_PATH)).isEmpty();
    }

    @Test
    void aRenewalThatFindsTheLeaseGoneMarksTheLockLost() throws Exception {
        try (LeaseLock lock = acquire(settings("build-6 #ffff", Duration.ofSeconds(3), Duration.ZERO))) {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.url() + LEASE_PATH)).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()); // deleted by hand
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HubDeployException lost = null;
            while (lost == null && System.nanoTime() < deadline) {
                lost = catchThrowableOfType(HubDeployException.class, lock::checkHeld);
                Thread.sleep(200);
            }
            assertThat(lost).as("a background renewal noticed").isNotNull();
            assertThat(lost.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(lost.getMessage()).contains("the promotion lost its lock", "is gone");
        }
        assertThat(log.text()).contains("was already gone when this promotion ended");
    }

    @Test
    void settingsComeFromThePromotionLockSection() {
        Settings s = Settings.of(new io.jenkins.plugins.hubdeploy.config.PromotionSpec.LockSpec(Duration.ofMinutes(3),
                Duration.ofMinutes(45)), NS, RELEASE, Map.of("BUILD_URL", "https://ci.example.org/job/hub/8/"));
        assertThat(s.maxWait()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.ttl()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.poll()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.holder()).startsWith("https://ci.example.org/job/hub/8/ #");
    }

    private void assertNoScratchLeft() {
        Path tmp = dir.resolve("ws@tmp");
        File[] left = tmp.toFile().listFiles();
        assertThat(left == null ? List.of() : List.of(left)).as("scratch files left in " + tmp).isEmpty();
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
