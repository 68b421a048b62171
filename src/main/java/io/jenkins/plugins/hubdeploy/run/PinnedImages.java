package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.image.ManifestLookupTask;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Images given to a deploy instead of computed from the checkout: prod gets exactly the tags and digests that ran on
 * staging (from the evidence). Nothing is recomputed or rebuilt; just before helm runs, each tag is looked up once
 * more and must still point at its recorded digest, so a tag re-pushed since the evidence was checked is refused.
 */
final class PinnedImages {
    private PinnedImages() {
    }

    /** The pinned images in the configuration's order, each at the configuration's valuesPath; exit 1 on any mismatch. */
    static List<ImageValues> check(DeploymentConfig config, List<ImageValues> pinned, DeployOptions options,
                                   Agent agent, BuildLog log, Map<String, String> env)
            throws IOException, InterruptedException, HubDeployException {
        Set<String> configured = config.images().stream().map(ImageSpec::name).collect(Collectors.toSet());
        for (ImageValues image : pinned) {
            if (!configured.contains(image.name())) {
                throw HubDeployException.failed("the recorded images include " + image.name() + ", which "
                        + config.configFile() + " does not deploy: the evidence is for another configuration. Nothing"
                        + " was changed; promote the commit the evidence was recorded for");
            }
        }
        List<ImageValues> images = new ArrayList<>();
        for (ImageSpec spec : config.images()) {
            ImageValues recorded = pinned.stream().filter(p -> p.name().equals(spec.name())).findFirst()
                    .orElseThrow(() -> HubDeployException.failed("the recorded images lack " + spec.name() + ", which "
                            + config.configFile() + " deploys. Nothing was changed; record the evidence again after a"
                            + " staging deploy of this commit"));
            if (isBlank(recorded.digest())) {
                throw HubDeployException.failed("the recorded image " + recorded.reference() + " has no digest:"
                        + " refusing to deploy something that cannot be matched to what ran on staging. Nothing was"
                        + " changed");
            }
            String form = formProblem(spec, recorded);
            if (form != null) {
                throw HubDeployException.failed("the recorded image " + recorded.reference() + " " + form + " in "
                        + config.configFile() + ": the evidence is not of this configuration. Nothing was changed;"
                        + " promote the commit the evidence was recorded for");
            }
            ImageName name = ImageName.parse(spec.name());
            String reference = recorded.reference();
            // a digest pin is looked up by its digest (what the chart pulls), a tag by the tag
            String now = agent.run(new ManifestLookupTask(name, recorded.registryReference(),
                    config.build().isInsecure(name.registry()), options.registryCredentials(), env)).digest();
            if (now == null) {
                throw HubDeployException.failed("the registry no longer has " + reference + (recorded.pinnedByDigest()
                        ? " (pinned by digest)" : " (recorded with digest " + recorded.digest() + ")") + ". Nothing was"
                        + " changed; push it again from the same build or deploy staging anew and record new evidence");
            }
            if (!now.equals(recorded.digest())) {
                throw HubDeployException.failed("the tag " + reference + " was pushed again: the registry has " + now
                        + ", staging ran " + recorded.digest() + ". Nothing was changed; never re-push a tag, deploy"
                        + " staging anew and record new evidence");
            }
            log.info("image " + reference + (recorded.pinnedByDigest() ? " (pinned by digest) is in the registry"
                    : " still has the recorded digest " + now));
            images.add(new ImageValues(spec.name(), recorded.tag(), recorded.digest(), spec.valuesPath()));
        }
        return images;
    }

    /**
     * Why the recorded reference is not the form the configuration deploys, or null: a digest pin must be recorded
     * as exactly that pin (so prod's chart gets what staging's got); a tag pin or a built image by a plain tag.
     */
    private static String formProblem(ImageSpec spec, ImageValues recorded) {
        if (spec.prebuilt() && spec.pinnedDigest() != null) {
            String pinned = spec.pinnedTag() == null ? spec.name() + "@" + spec.pin() : spec.name() + ":" + spec.pin();
            boolean same = recorded.pinnedByDigest() && recorded.reference().equals(pinned)
                    && spec.pinnedDigest().equals(recorded.digest());
            return same ? null : "is not the digest pin " + pinned + (spec.pinnedDigest().equals(recorded.digest())
                    ? "" : " (recorded digest " + recorded.digest() + ")");
        }
        if (recorded.tag() != null && recorded.tag().isBlank()) {
            return "has an empty tag, but " + spec.name() + " is deployed by tag";
        }
        if (recorded.pinnedByDigest()) {
            return "is pinned by digest, but " + spec.name() + " is " + (spec.prebuilt() ? "pinned by tag " + spec.pin()
                    : "built here, deployed by its content tag");
        }
        if (spec.prebuilt() && !spec.pin().equals(recorded.tag())) {
            return "is not the pin " + spec.name() + ":" + spec.pin();
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
