package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Record, verify and merge against real git: a bare origin and clones. No images here (their digests are checked
 * against a real registry in PromoteRegistryTest), so every evidence check but the registry's runs.
 */
class PromoteGitTest {
    private static final Map<String, String> STAGING_BUILD = Map.of("BRANCH_NAME", "staging",
            "BUILD_URL", "https://jenkins.example.org/job/hub/job/staging/7/");

    @TempDir
    Path tmp;

    private PromoteRepos repos;
    private Path ci;
    private final CollectingLog log = new CollectingLog();
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void setUp() throws Exception {
        repos = PromoteRepos.create(tmp, List.of());
        ci = repos.clone("ci", "staging");
    }

    private Map<String, Object> run(Path clone, PromoteMode mode, Map<String, String> env, Clock at) throws Exception {
        return PromoteRepos.engine(clone, log, env, at).run(PromoteRepos.config(clone), PromoteOptions.of(mode), null, null);
    }

    private String recordPassingStaging() throws Exception {
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 3\n");
        PromoteRepos.stagingBuild(ci, List.of(), 5, 0);
        run(ci, PromoteMode.RECORD, STAGING_BUILD, clock);
        return PromoteRepos.head(ci);
    }

    @Test
    void recordPushesTheEvidenceAsNotesOnTheCommitAndItsTree() throws Exception {
        String commit = recordPassingStaging();
        String tree = PromoteRepos.tree(ci, commit);

        Path other = repos.clone("other", "prod");
        PromoteRepos.git(other, "fetch", "-q", "origin", EvidenceStore.REF + ":" + EvidenceStore.REF);
        String onCommit = PromoteRepos.git(other, "notes", "--ref=hubdeploy", "show", commit);
        String onTree = PromoteRepos.git(other, "notes", "--ref=hubdeploy", "show", tree);

        assertThat(onCommit).isEqualTo(onTree);
        Evidence e = EvidenceNote.parse(onCommit, "test").find("hub", "staging").orElseThrow();
        assertThat(e.result()).isEqualTo("passed");
        assertThat(e.commit()).isEqualTo(commit);
        assertThat(e.tree()).isEqualTo(tree);
        assertThat(e.deploy().revision()).isEqualTo(4);
        assertThat(e.deploy().valuesSha256()).isEqualTo("ab".repeat(32));
        assertThat(e.smoke().passed()).isEqualTo(5);
        assertThat(e.smoke().hubVersion()).isEqualTo("5.2.1");
        assertThat(e.smoke().reportSha256()).isEqualTo(EvidenceInputs.sha256(Files.readAllBytes(ci.resolve("hubdeploy-smoke.json"))));
        assertThat(e.buildUrl()).isEqualTo(STAGING_BUILD.get("BUILD_URL"));
        assertThat(Instant.parse(e.recordedAt())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(60, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void mergeFastForwardsProdToTheVerifiedStaging() throws Exception {
        String staging = recordPassingStaging();

        Map<String, Object> result = run(ci, PromoteMode.MERGE, Map.of(), clock);

        assertThat(result.get("merge")).isEqualTo("fast-forward");
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(staging);
        assertThat(result.get("prodAfter")).isEqualTo(staging);
    }

    @Test
    void mergeMakesAMergeCommitWithStagingsTreeWhenProdHasEarlierPromotionMerges() throws Exception {
        // an earlier promotion left a merge commit on prod that staging does not have
        Path dev = repos.clone("dev", "staging");
        PromoteRepos.commitAndPush(dev, "config/staging.yaml", "a: 10\n");
        PromoteRepos.git(dev, "checkout", "-q", "prod");
        PromoteRepos.git(dev, "merge", "-q", "--no-ff", "-m", "earlier promotion", "origin/staging");
        PromoteRepos.git(dev, "push", "-q", "origin", "prod");
        String prodBefore = PromoteRepos.head(dev);
        PromoteRepos.git(ci, "pull", "-q", "origin", "staging");
        String staging = recordPassingStaging();

        Map<String, Object> result = run(ci, PromoteMode.MERGE, Map.of(), clock);

        String prodAfter = repos.originRef("refs/heads/prod");
        assertThat(result.get("merge")).isEqualTo("merge-commit");
        assertThat(prodAfter).isNotEqualTo(staging).isEqualTo(result.get("prodAfter"));
        assertThat(PromoteRepos.git(repos.origin, "rev-parse", prodAfter + "^{tree}").strip())
                .isEqualTo(PromoteRepos.tree(ci, staging));
        assertThat(PromoteRepos.git(repos.origin, "rev-list", "--parents", "-n", "1", prodAfter).strip())
                .isEqualTo(prodAfter + " " + prodBefore + " " + staging);
        // the new prod commit finds the evidence by its tree: a later deploy of prod verifies
        assertThat(PromoteRepos.git(repos.origin, "notes", "--ref=hubdeploy", "show", prodAfter + "^{tree}")).contains(staging);
    }

    @Test
    void mergeRefusesWhenProdHasChangesThatAreNotInStaging() throws Exception {
        Path dev = repos.clone("dev", "prod");
        String hotfix = PromoteRepos.commitAndPush(dev, "config/prod.yaml", "a: 99\n");
        recordPassingStaging();

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.MERGE, Map.of(), clock));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("prod has changes that are not in staging").contains("change config/prod.yaml")
                .contains("prod was not changed");
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(hotfix);
    }

    @Test
    void aPushRejectedBecauseProdMovedMeanwhileChangesNothing() throws Exception {
        recordPassingStaging();
        String notesBefore = repos.originRef(EvidenceStore.REF);
        Path dev = repos.clone("dev", "prod");
        AtomicBoolean moved = new AtomicBoolean();
        // the real git runner; just before the promotion's push of prod, another clone pushes to prod (a real race)
        ProcessRunner racing = spec -> {
            if (spec.argv().contains("push") && spec.argv().stream().anyMatch(a -> a.endsWith(":refs/heads/prod"))
                    && moved.compareAndSet(false, true)) {
                PromoteRepos.commitAndPush(dev, "README", "prod moved\n");
            }
            return new LocalProcessRunner(ci, log).run(spec);
        };

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> PromoteRepos.engine(racing, ci, log,
                Map.of(), clock).run(PromoteRepos.config(ci), PromoteOptions.of(PromoteMode.MERGE), null, null));

        assertThat(moved).isTrue();
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("prod on origin moved while this promotion ran").contains("was not changed");
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(PromoteRepos.head(dev));
        assertThat(repos.originRef(EvidenceStore.REF)).isEqualTo(notesBefore);
        assertThat(PromoteRepos.git(ci, "status", "--porcelain", "--untracked-files=no")).isBlank();
        assertThat(PromoteRepos.git(ci, "rev-parse", "--abbrev-ref", "HEAD").strip()).isEqualTo("staging");
    }

    @Test
    void missingEvidenceIsRefusedNamingTheTree() throws Exception {
        recordPassingStaging();
        String unrecorded = PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 4\n");
        String tree = PromoteRepos.tree(ci, unrecorded);

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.MERGE, Map.of(), clock));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("check 'evidence' failed").contains("for tree " + tree).contains("found none")
                .contains("record");
        assertThat(repos.originRef("refs/heads/prod")).isNotEqualTo(unrecorded);
    }

    @Test
    void failedSmokeIsRecordedAsFailureAndNeverPromoted() throws Exception {
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 5\n");
        PromoteRepos.stagingBuild(ci, List.of(), 4, 1);
        String prodBefore = repos.originRef("refs/heads/prod");

        HubDeployException recorded = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.RECORD, STAGING_BUILD, clock));
        HubDeployException merge = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.MERGE, Map.of(), clock));

        assertThat(recorded.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(recorded.getMessage()).contains("evidence recorded as failed");
        assertThat(merge.getMessage()).contains("check 'result' failed").contains("expected passed")
                .contains("found failed (smoke: 4 passed, 1 failed");
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(prodBefore);
    }

    @Test
    void staleEvidenceIsRefused() throws Exception {
        recordPassingStaging();
        Clock eightDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.MERGE, Map.of(), eightDaysLater));

        assertThat(e.getMessage()).contains("check 'age' failed").contains("max age PT168H").contains("fresh evidence");
    }

    @Test
    void evidenceOfAnotherTreeDoesNotCount() throws Exception {
        String recorded = recordPassingStaging();
        // same commit message, different content: a different tree
        PromoteRepos.commitAndPush(ci, "image/Dockerfile", "FROM scratch\nLABEL x=1\n");

        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.MERGE, Map.of(), clock));

        assertThat(e.getMessage()).contains("check 'evidence' failed").contains(PromoteRepos.tree(ci, "HEAD"))
                .doesNotContain(PromoteRepos.tree(ci, recorded));
    }

    @Test
    void concurrentRecordsBothLandThroughFetchAndRetry() throws Exception {
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 6\n");
        PromoteRepos.stagingBuild(ci, List.of(), 5, 0);
        Path other = repos.clone("other", "staging");
        PromoteRepos.commitAndPush(other, "image/other.txt", "x\n");
        PromoteRepos.stagingBuild(other, List.of(), 3, 0);
        AtomicBoolean raced = new AtomicBoolean();
        // just before ci pushes its notes, the other build records (and pushes) its own: ci's first push is rejected
        ProcessRunner racing = spec -> {
            if (spec.argv().contains("push") && spec.argv().contains(EvidenceStore.REF + ":" + EvidenceStore.REF)
                    && raced.compareAndSet(false, true)) {
                try {
                    run(other, PromoteMode.RECORD, STAGING_BUILD, clock);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            return new LocalProcessRunner(ci, log).run(spec);
        };

        PromoteRepos.engine(racing, ci, log, STAGING_BUILD, clock).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.RECORD), null, null);

        assertThat(raced).isTrue();
        assertThat(log.text()).contains("another build pushed evidence notes at the same time");
        Path reader = repos.clone("reader", "prod");
        PromoteRepos.git(reader, "fetch", "-q", "origin", EvidenceStore.REF + ":" + EvidenceStore.REF);
        assertThat(PromoteRepos.git(reader, "notes", "--ref=hubdeploy", "show", PromoteRepos.head(ci))).contains("\"passed\" : 5");
        assertThat(PromoteRepos.git(reader, "notes", "--ref=hubdeploy", "show", PromoteRepos.head(other))).contains("\"passed\" : 3");
    }

    @Test
    void forkPullRequestsAndOtherBranchesAreRefusedNamingTheVariable() throws Exception {
        PromoteRepos.stagingBuild(ci, List.of(), 5, 0);

        HubDeployException fork = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.RECORD,
                Map.of("CHANGE_FORK", "mallory", "CHANGE_ID", "5"), clock));
        HubDeployException branch = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.DEPLOY,
                Map.of("BRANCH_NAME", "feature-x"), clock));
        HubDeployException pr = catchThrowableOfType(HubDeployException.class, () -> run(ci, PromoteMode.RECORD,
                Map.of("CHANGE_ID", "5", "BRANCH_NAME", "PR-5"), clock));

        assertThat(fork.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(fork.getMessage()).contains("CHANGE_FORK is 'mallory'").contains("allowFork");
        assertThat(branch.getMessage()).contains("BRANCH_NAME is 'feature-x'").contains("mode deploy runs only in branch 'prod'");
        assertThat(pr.getMessage()).contains("CHANGE_ID is '5'");
        assertThat(repos.originRef(EvidenceStore.REF)).isEmpty();
    }
}
