package io.jenkins.plugins.hubdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.hubdeploy.image.BuilderTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A content tag names exactly what was built (issue 7): real buildah, a real loopback registry, skopeo as the
 * witness of what the registry holds.
 * <ul>
 * <li>item 12: changing only a build arg gives a new tag whose pushed image has the new label and environment,
 *     although buildah's layer cache would reuse the old LABEL/ENV layers;</li>
 * <li>item 9: withKubeConfig's {@code .kube*config} in a context that is the repository root changes no tag and
 *     never reaches the image.</li>
 * </ul>
 */
class BuildFollowsItsInputsTest {
    private static final String DOCKERFILE = "FROM scratch\nARG VERSION\nLABEL version=$VERSION\nENV APP_VERSION=$VERSION\n"
            + "COPY . /ctx/\n";

    private static Path root;
    private static Map<String, String> env;
    private static RegistryFixture registry;

    @BeforeAll
    static void startComponents() throws Exception {
        root = Files.createTempDirectory("hubdeploy-build-inputs");
        env = BuildahFixture.env(root.resolve("storage"));
        Components.require("skopeo", BuildahFixture.INSTALL);
        registry = RegistryFixture.start(root.resolve("registry"));
    }

    @AfterAll
    static void stopComponents() throws Exception {
        try {
            if (registry != null) {
                registry.stop();
            }
        } finally {
            if (root != null) {
                BuildahFixture.cleanup(root);
            }
        }
    }

    @Test
    void changingOnlyABuildArgChangesTheTagAndThePushedImage() throws Exception {
        Path repo = Files.createDirectories(root.resolve("args-repo"));
        Files.writeString(repo.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(repo.resolve("hello.txt"), "hello\n");
        ImageName name = registry.image("test/args");
        CollectingLog log = new CollectingLog();

        String first = build(repo, name, "1.0", log);
        String second = build(repo, name, "2.0", log);

        assertThat(second).isNotEqualTo(first);
        assertThat(config(name.withTag(first)).path("Labels").path("version").asText()).isEqualTo("1.0");
        assertThat(config(name.withTag(second)).path("Labels").path("version").asText()).isEqualTo("2.0");
        assertThat(config(name.withTag(second)).path("Env").toString()).contains("APP_VERSION=2.0");
    }

    @Test
    void aKubeconfigAtTheContextRootChangesNoTagAndNeverReachesTheImage() throws Exception {
        Path repo = Files.createDirectories(root.resolve("kube-repo"));
        Files.writeString(repo.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(repo.resolve("hello.txt"), "hello\n");
        Files.writeString(repo.resolve(".dockerignore"), "!.kube*config\n");
        ImageName name = registry.image("test/kube");
        CollectingLog log = new CollectingLog();
        ImageSpec spec = spec(Map.of("VERSION", "1.0"));
        String before = new ContentTagger(new LocalProcessRunner(repo, log), new LocalAgent(repo), log).tagFor(spec);
        Files.writeString(repo.resolve(".kube4711config"), "apiVersion: v1\nusers: [{name: secret-admin-token}]\n");

        String inside = new ContentTagger(new LocalProcessRunner(repo, log), new LocalAgent(repo), log).tagFor(spec);
        new BuildahBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), env, log)
                .build(request(spec, name, inside, true, null));

        assertThat(inside).isEqualTo(before);
        assertThat(filesIn(name.withTag(inside))).contains("/ctx/hello.txt", "/ctx/Dockerfile")
                .noneMatch(f -> f.contains(".kube"));
    }

    private String build(Path repo, ImageName name, String version, CollectingLog log) throws Exception {
        ImageSpec spec = spec(Map.of("VERSION", version));
        String tag = new ContentTagger(new LocalProcessRunner(repo, log), new LocalAgent(repo), log).tagFor(spec);
        new BuildahBuilder(new LocalProcessRunner(repo, log), new LocalAgent(repo), env, log)
                .build(request(spec, name, tag, true, null));
        return tag;
    }

    private static ImageSpec spec(Map<String, String> buildArgs) {
        return new ImageSpec("unused", ".", "Dockerfile", "singleuser.image", buildArgs, null);
    }

    /** The image config as the registry serves it ({@code skopeo inspect --config}). */
    private static JsonNode config(String reference) throws Exception {
        ProcessResult r = skopeo(List.of("skopeo", "inspect", "--tls-verify=false", "--config", "docker://" + reference));
        return new ObjectMapper().readTree(r.stdout()).path("config");
    }

    /** The paths in the pushed image: copied from the registry with skopeo, every layer listed with tar. */
    private static List<String> filesIn(String reference) throws Exception {
        Path dir = root.resolve("copy-" + Math.abs(reference.hashCode()));
        skopeo(List.of("skopeo", "copy", "--src-tls-verify=false", "docker://" + reference, "dir:" + dir));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        List<String> files = new java.util.ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            Path blob = dir.resolve(layer.path("digest").asText().replace("sha256:", ""));
            ProcessResult list = skopeo(List.of("tar", "-tzf", blob.toString()));
            list.stdout().lines().map(l -> "/" + l.replaceFirst("^\\./", "").replaceFirst("^/", "")).forEach(files::add);
        }
        return files;
    }

    private static ProcessResult skopeo(List<String> argv) throws Exception {
        ProcessResult r = new LocalProcessRunner(root, new CollectingLog())
                .run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(2)));
        assertThat(r.ok()).as(String.join(" ", argv) + ": " + r.output()).isTrue();
        return r;
    }
}
