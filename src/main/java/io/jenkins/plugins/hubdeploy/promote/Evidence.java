package io.jenkins.plugins.hubdeploy.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an environment's smoke run proved about one git tree: the commit and tree that were deployed, every image
 * with its registry digest, the deploy record's release/revision/chart/values SHA-256, the smoke summary, the
 * verdict, when and which build. Format version 1 (docs/promote.md). It never holds a secret: the values are only
 * their SHA-256, the smoke report only its counts, hub version and SHA-256.
 *
 * @param environment the environment it is evidence of ("staging", or "prod" after a promotion)
 * @param result      {@link #PASSED} or {@link #FAILED}
 * @param extra       free-form facts a mode adds (a prod deploy's override reason, rollback outcome); may be empty
 */
public record Evidence(String deployment, String environment, String commit, String tree, List<Image> images,
                       Deploy deploy, Smoke smoke, String result, String recordedAt, String buildUrl,
                       Map<String, Object> extra) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int FORMAT = 1;
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";

    public Evidence {
        images = List.copyOf(images);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /**
     * One image as deployed: repository, tag and the manifest digest the registry had for it. {@code tag} is what the
     * chart got, as in the deploy record ({@link ImageValues}): null for a prebuilt image pinned by digest alone
     * ({@code REPO@sha256:...}), {@code TAG@sha256:...} for one pinned by both.
     */
    public record Image(String name, String tag, String digest) implements Serializable {
        private static final long serialVersionUID = 1L;

        public String reference() {
            return values(null).reference();
        }

        /** The image to deploy again, at {@code valuesPath}: the same name, tag and digest the chart got. */
        public ImageValues values(String valuesPath) {
            return new ImageValues(name, tag, digest, valuesPath);
        }
    }

    /** The fields of the environment's deploy record the evidence binds (run/DeployRecord, docs/helm.md). */
    public record Deploy(String release, String namespace, int revision, String chartName, String chartVersion,
                         String valuesSha256) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The smoke run's summary; {@code reportSha256} is the SHA-256 of the JSON report file's bytes. */
    public record Smoke(String hubUrl, long passed, long failed, long skipped, String hubVersion, String reportSha256)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public boolean passed() {
        return PASSED.equals(result);
    }

    /** Same deployment and environment: a newer record of the same pair replaces the older one in a note. */
    public boolean sameSubject(Evidence other) {
        return deployment.equals(other.deployment) && environment.equals(other.environment);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("deployment", deployment);
        map.put("environment", environment);
        map.put("result", result);
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("commit", commit);
        git.put("tree", tree);
        map.put("git", git);
        List<Map<String, Object>> imageMaps = new ArrayList<>();
        for (Image image : images) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", image.name());
            m.put("tag", image.tag());
            m.put("digest", image.digest());
            imageMaps.add(m);
        }
        map.put("images", imageMaps);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("release", deploy.release());
        d.put("namespace", deploy.namespace());
        d.put("revision", deploy.revision());
        d.put("chartName", deploy.chartName());
        d.put("chartVersion", deploy.chartVersion());
        d.put("valuesSha256", deploy.valuesSha256());
        map.put("deploy", d);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hubUrl", smoke.hubUrl());
        s.put("passed", smoke.passed());
        s.put("failed", smoke.failed());
        s.put("skipped", smoke.skipped());
        s.put("hubVersion", smoke.hubVersion());
        s.put("reportSha256", smoke.reportSha256());
        map.put("smoke", s);
        map.put("recordedAt", recordedAt);
        map.put("buildUrl", buildUrl);
        if (!extra.isEmpty()) {
            map.put("extra", new LinkedHashMap<>(extra));
        }
        return map;
    }

    /** Reads one evidence object; {@code where} names its source for the message (exit 1: it cannot be trusted). */
    static Evidence fromNode(JsonNode e, String where) throws HubDeployException {
        if (e.path("format").asInt() != FORMAT) {
            throw HubDeployException.failed("evidence in " + where + " has format " + e.path("format")
                    + "; this hubdeploy reads format " + FORMAT + ". Record the evidence again with this version");
        }
        List<Image> images = new ArrayList<>();
        for (JsonNode i : e.path("images")) {
            // a JSON null tag (a digest-only pin) reads back as null, not as the text "null"
            images.add(new Image(i.path("name").asText(), i.path("tag").asText(null), i.path("digest").asText(null)));
        }
        JsonNode d = e.path("deploy");
        JsonNode s = e.path("smoke");
        Map<String, Object> extra = e.has("extra")
                ? new ObjectMapper().convertValue(e.path("extra"), LinkedHashMap.class) : Map.of();
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) extra;
        return new Evidence(e.path("deployment").asText(), e.path("environment").asText(),
                e.path("git").path("commit").asText(null), e.path("git").path("tree").asText(null), images,
                new Deploy(d.path("release").asText(null), d.path("namespace").asText(null), d.path("revision").asInt(),
                        d.path("chartName").asText(null), d.path("chartVersion").asText(null),
                        d.path("valuesSha256").asText(null)),
                new Smoke(s.path("hubUrl").asText(null), s.path("passed").asLong(), s.path("failed").asLong(),
                        s.path("skipped").asLong(), s.path("hubVersion").asText(null), s.path("reportSha256").asText(null)),
                e.path("result").asText(), e.path("recordedAt").asText(null), e.path("buildUrl").asText(null), typed);
    }
}
