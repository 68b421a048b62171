package io.jenkins.plugins.hubdeploy.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.kube.LeaseLock.Settings;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ScratchDir;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.TestCluster;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The promotion lock ({@link LeaseLock}) against the REAL API server of {@link TestCluster}, as the namespace-scoped
 * deployer identity of examples/rbac/deployer.yaml (so that Role must grant Leases). What this proves beyond
 * {@link LeaseLockTest} (fabric8's mock): the real {@code coordination.k8s.io/v1} schema accepts the Lease (the
 * MicroTime format of renewTime/acquireTime), RBAC lets the deploy identity take it, and a DELETE whose
 * {@code preconditions.resourceVersion} is stale is refused with 409 Conflict, leaving the Lease (the mock ignores
 * preconditions and would delete it).
 */
class LeaseLockIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RELEASE = "hub1-prod";
    private static final String LEASE = LeaseLock.NAME_PREFIX + RELEASE;
    private static TestCluster cluster;

    @TempDir
    Path dir;
    private String namespace;
    private Map<String, String> env;
    private final CollectingLog log = new CollectingLog();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.shared();
    }

    @BeforeEach
    void setUp() throws Exception {
        namespace = cluster.newNamespace("lease");
        env = Map.of("KUBECONFIG", cluster.deployerKubeconfig().toString(), KubectlCli.KUBECTL_BIN,
                Tools.kubectl().toString());
        Files.createDirectories(dir.resolve("ws"));
    }

    private Settings settings(String holder, Duration ttl) {
        return new Settings(namespace, RELEASE, holder, ttl, Duration.ZERO, Duration.ofMillis(200));
    }

    private KubectlCli kubectl() {
        return new KubectlCli(new LocalProcessRunner(dir.resolve("ws"), log), env, new SecretMasker());
    }

    private LeaseLock acquire(Settings settings, Clock clock) throws Exception {
        return LeaseLock.acquire(kubectl(), new LocalAgent(dir.resolve("ws")), log, new SecretMasker(), clock, settings);
    }

    /** The Lease as the admin sees it, or null. */
    private JsonNode stored() throws IOException, InterruptedException {
        String out = cluster.kubectl("get", "leases", "-n", namespace, "-o", "json");
        for (JsonNode item : JSON.readTree(out).path("items")) {
            if (item.path("metadata").path("name").asText().equals(LEASE)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void aRealLeaseIsTakenContendedAndReleased() throws Exception {
        try (LeaseLock first = acquire(settings("build-1 #aaaa", Duration.ofMinutes(30)), Clock.systemUTC())) {
            JsonNode lease = stored();
            assertThat(lease).as("a Lease in " + namespace + "; log: " + log.text()).isNotNull();
            assertThat(lease.path("apiVersion").asText()).isEqualTo("coordination.k8s.io/v1");
            assertThat(lease.path("spec").path("holderIdentity").asText()).isEqualTo("build-1 #aaaa");
            assertThat(lease.path("spec").path("leaseDurationSeconds").asInt()).isEqualTo(1800);

            HubDeployException e = catchThrowableOfType(HubDeployException.class,
                    () -> acquire(settings("build-2 #bbbb", Duration.ofMinutes(30)), Clock.systemUTC()));
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("is held by build-1 #aaaa");
            first.checkHeld();
        }
        assertThat(stored()).as("released").isNull();
        assertThat(log.text()).contains("released Lease " + LEASE);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldHolderLeavesIt() throws Exception {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        LeaseLock crashed = acquire(settings("crashed #dead", Duration.ofMinutes(1)), anHourAgo);
        String crashedVersion = stored().path("metadata").path("resourceVersion").asText();

        try (LeaseLock next = acquire(settings("build-3 #cccc", Duration.ofMinutes(30)), Clock.systemUTC())) {
            JsonNode lease = stored();
            assertThat(lease.path("spec").path("holderIdentity").asText()).isEqualTo("build-3 #cccc");
            assertThat(lease.path("spec").path("leaseTransitions").asInt()).isEqualTo(1);
            assertThat(lease.path("metadata").path("resourceVersion").asText()).isNotEqualTo(crashedVersion);

            crashed.release();
            assertThat(stored().path("spec").path("holderIdentity").asText()).isEqualTo("build-3 #cccc");
        }
        assertThat(stored()).isNull();
    }

    /** What the mock cannot show: the real server enforces the delete precondition release() relies on. */
    @Test
    void aDeleteAtAStaleResourceVersionIsRefusedByTheServer() throws Exception {
        try (LeaseLock lock = acquire(settings("build-4 #dddd", Duration.ofMinutes(30)), Clock.systemUTC())) {
            String before = stored().path("metadata").path("resourceVersion").asText();
            lock.renew();
            assertThat(stored().path("metadata").path("resourceVersion").asText()).isNotEqualTo(before);
            LocalAgent agent = new LocalAgent(dir.resolve("ws"));
            String scratch = agent.run(new ScratchDir.Create());
            try {
                ProcessResult deleted = new LeaseClient(kubectl(), agent, new SecretMasker(), namespace, LEASE, scratch)
                        .deleteAt(before);

                assertThat(deleted.ok()).as("a stale precondition must not delete").isFalse();
                assertThat(LeaseClient.is(deleted, "Conflict")).as(deleted.stderr()).isTrue();
                assertThat(stored()).as("the Lease is still there").isNotNull();
            } finally {
                agent.run(new ScratchDir.Delete(scratch));
            }
        }
        assertThat(stored()).isNull();
    }
}
