package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.image.ManifestLookupTask;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks before anything touches prod, in order; the first that fails stops the promotion (exit 1) with one
 * message naming the check, the two values compared and what to do next. Nothing is changed by a check.
 * <ol>
 *   <li>{@code evidence}: there is evidence of the deployment's staging for exactly the tree prod would get</li>
 *   <li>{@code tree}: the evidence names that tree</li>
 *   <li>{@code result}: it says passed</li>
 *   <li>{@code age}: it is not older than the maximum age (injectable clock)</li>
 *   <li>{@code staging-revision} / {@code staging-values}: the live staging release is still at the recorded
 *       revision and values SHA-256 (only when a staging kubeconfig is given)</li>
 *   <li>{@code image-digest}: every image's tag still has the recorded digest in the registry (a re-pushed tag is
 *       caught); an image pinned by digest is looked up by that digest, which must still be there</li>
 * </ol>
 */
public final class EvidenceVerifier {
    private static final String NOT_IN_REGISTRY = ": not in the registry";
    private final Agent agent;
    private final BuildLog log;
    private final Clock clock;
    private final Map<String, String> env;
    private final RegistryCredentials registryCredentials;
    private final StagingRelease staging;

    /** {@code staging}: reads the live staging release, or null to skip those checks. */
    public EvidenceVerifier(Agent agent, BuildLog log, Clock clock, Map<String, String> env,
                            RegistryCredentials registryCredentials, StagingRelease staging) {
        this.agent = agent;
        this.log = log;
        this.clock = clock;
        this.env = Map.copyOf(env);
        this.registryCredentials = registryCredentials;
        this.staging = staging;
    }

    /** The verification when every check passed; otherwise exit 1 with the first failed check. */
    public Verification verify(Optional<Evidence> found, String tree, DeploymentConfig config, String environment,
                               Duration maxAge) throws IOException, InterruptedException, HubDeployException {
        Verification v = run(found, tree, config, environment, maxAge);
        if (!v.passed()) {
            throw HubDeployException.failed(message(v, tree, config, environment, maxAge));
        }
        return v;
    }

    /**
     * Runs the checks up to the first that fails, without throwing for a failed check; {@code maxAge} null leaves the
     * age check out (a carry-over re-verifies the live release instead, EvidenceCarryOver).
     */
    public Verification run(Optional<Evidence> found, String tree, DeploymentConfig config, String environment,
                            Duration maxAge) throws IOException, InterruptedException, HubDeployException {
        List<Verification.Check> checks = new ArrayList<>();
        String subject = config.deployment() + "/" + environment;
        if (found.isEmpty()) {
            checks.add(new Verification.Check("evidence", false, "evidence of " + subject + " for tree " + tree, "none"));
            return new Verification(null, checks);
        }
        Evidence e = found.get();
        CarriedFrom carried = CarriedFrom.of(e);
        checks.add(new Verification.Check("evidence", true, "evidence of " + subject + " for tree " + tree,
                "recorded " + e.recordedAt() + " for commit " + e.commit() + (carried == null ? ""
                        : ", carried over from commit " + carried.commit() + " (tested " + carried.recordedAt()
                        + "; " + carried.reason() + ")")));
        if (!add(checks, "tree", tree, e.tree())
                || !add(checks, "result", Evidence.PASSED, e.result() + " (smoke: " + e.smoke().passed() + " passed, "
                        + e.smoke().failed() + " failed, " + e.smoke().skipped() + " skipped)", e.passed())) {
            return new Verification(e, checks);
        }
        if (maxAge != null && !ageCheck(checks, e, maxAge)) {
            return new Verification(e, checks);
        }
        if (staging != null) {
            Optional<StagingRelease.Live> live = staging.read(e.deploy().release(), e.deploy().namespace());
            String liveRevision = live.map(l -> String.valueOf(l.revision())).orElse("no such release");
            if (!add(checks, "staging-revision", String.valueOf(e.deploy().revision()), liveRevision)
                    || !add(checks, "staging-values", e.deploy().valuesSha256(),
                    live.map(StagingRelease.Live::valuesSha256).orElse("no deploy record"))) {
                return new Verification(e, checks);
            }
        }
        for (Evidence.Image image : e.images()) {
            ImageValues recorded = image.values(null);
            ImageName name = ImageName.parse(image.name());
            String digest = agent.run(new ManifestLookupTask(name, recorded.registryReference(),
                    config.build().isInsecure(name.registry()), registryCredentials, env)).digest();
            Verification.Check check = imageCheck(recorded, digest);
            checks.add(check);
            if (!check.passed()) {
                return new Verification(e, checks);
            }
        }
        log.info("evidence of " + subject + " for tree " + tree + " verified: " + checks.size() + " checks passed ("
                + e.images().size() + " image digest(s)" + (staging == null ? ", live staging not compared: no"
                + " staging kubeconfig" : ", live staging release compared") + ")");
        return new Verification(e, checks);
    }

    /**
     * {@code image-digest} for one image, given the digest the registry answered (null: it has no such manifest). A
     * digest pin was looked up by its digest: a tag re-pushed since does not change what it runs.
     */
    private static Verification.Check imageCheck(ImageValues recorded, String digest) {
        boolean passed = recorded.digest().equals(digest);
        String reference = recorded.reference();
        if (digest == null) {
            String expected = recorded.pinnedByDigest() ? reference + " in the registry"
                    : reference + "@" + recorded.digest();
            return new Verification.Check("image-digest", false, expected, reference + NOT_IN_REGISTRY);
        }
        if (!recorded.pinnedByDigest()) {
            return new Verification.Check("image-digest", passed, reference + "@" + recorded.digest(),
                    reference + "@" + digest);
        }
        // a TAG@sha256 pin whose digest is not the recorded one: the note was edited by hand
        String expected = reference + " in the registry" + (recorded.registryReference().equals(recorded.digest()) ? ""
                : " as the recorded digest " + recorded.digest());
        return new Verification.Check("image-digest", passed, expected, passed ? expected
                : reference + " in the registry as " + digest);
    }

    private boolean ageCheck(List<Verification.Check> checks, Evidence e, Duration maxAge) {
        Instant now = clock.instant();
        Instant oldest = now.minus(maxAge);
        Instant recorded;
        try {
            recorded = Instant.parse(e.recordedAt());
        } catch (DateTimeParseException | NullPointerException ex) {
            recorded = Instant.EPOCH;
        }
        return add(checks, "age", "recorded at or after " + oldest + " (max age " + maxAge + ")", e.recordedAt(),
                !recorded.isBefore(oldest) && !recorded.isAfter(now.plus(Duration.ofMinutes(5))));
    }

    private static boolean add(List<Verification.Check> checks, String name, String expected, String found) {
        return add(checks, name, expected, found, Objects.equals(expected, found));
    }

    private static boolean add(List<Verification.Check> checks, String name, String expected, String found,
                               boolean passed) {
        checks.add(new Verification.Check(name, passed, expected, found));
        return passed;
    }

    private static String message(Verification v, String tree, DeploymentConfig config, String environment,
                                  Duration maxAge) {
        Verification.Check failed = v.checks().get(v.checks().size() - 1);
        String next = switch (failed.name()) {
            case "evidence" -> "Deploy exactly this tree to " + environment + ", smoke-test it and record the evidence"
                    + " (promoteToProd(mode: 'record') / hubdeploy promote --mode record), then promote again";
            case "tree" -> "The note on tree " + tree + " names another tree: it was edited by hand; record the"
                    + " evidence again";
            case "result" -> "The smoke tests failed on " + environment + ": never promote this; fix it on "
                    + environment + ", deploy, smoke-test and record again";
            case "age" -> "The evidence is older than the maximum age (" + maxAge.toDays() + " days; promotion."
                    + "maxEvidenceAge): smoke-test " + environment + " again and record fresh evidence";
            case "staging-revision", "staging-values" -> environment + " was deployed again since the evidence was"
                    + " recorded, so it no longer shows what was tested: deploy this commit to " + environment
                    + ", smoke-test it and record again";
            case "image-digest" -> failed.found().endsWith(NOT_IN_REGISTRY) ? "The registry no longer has the"
                    + " image that ran on " + environment + " (deleted or garbage-collected): push it again from the"
                    + " build or repository that made it (the same manifest has the same digest), or deploy "
                    + environment + " anew, smoke-test and record again"
                    : "The tag was re-pushed after " + environment + " was tested: what prod would pull"
                    + " is not what ran on " + environment + ". Rebuild, deploy to " + environment + ", smoke-test"
                    + " and record again (content tags should never be overwritten)";
            default -> "record the evidence again";
        };
        return "promotion refused: check '" + failed.name() + "' failed for " + config.deployment() + "/" + environment
                + ": expected " + failed.expected() + ", found " + failed.found() + ". " + next + ".";
    }
}
