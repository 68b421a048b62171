package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.ImageValues;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.testing.BuildahFixture;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.RegistryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The registry check of the evidence against a real registry with images pushed by buildah: evidence whose digests
 * the registry still serves promotes; a tag re-pushed with other content after staging was tested is refused with
 * both digests. skopeo is the independent witness of the re-pushed digest.
 */
class PromoteRegistryTest {
    private static Path root;
    private static RegistryFixture registry;
    private static Map<String, String> buildah;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("hubdeploy-promote-registry");
        buildah = BuildahFixture.env(root.resolve("storage"));
        registry = RegistryFixture.start(root.resolve("registry"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.stop();
        }
        BuildahFixture.cleanup(root.resolve("storage"));
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Builds a one-file image {@code localhost/promote-test:<local>}. */
    private static String build(String local, String content) throws Exception {
        Path file = Files.writeString(root.resolve("content.txt"), content);
        String container = buildah("from", "scratch").strip();
        buildah("copy", container, file.toString(), "/content.txt");
        buildah("commit", "-q", container, "localhost/promote-test:" + local);
        buildah("rm", container);
        return "localhost/promote-test:" + local;
    }

    /** Pushes a local image as {@code repository:tag}; returns the pushed manifest digest. */
    private static String push(String local, String repository, String tag) throws Exception {
        Path digest = root.resolve("digest");
        buildah("push", "--tls-verify=false", "--digestfile", digest.toString(), local,
                "docker://" + registry.image(repository).withTag(tag));
        return Files.readString(digest).strip();
    }

    private static String buildah(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("buildah"));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(buildah);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("buildah " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Test
    void recordedDigestsPromoteAndARePushedTagIsRefused() throws Exception {
        ImageName name = registry.image("hub/user-image");
        String testedImage = build("tested", "tested on staging\n");
        String tested = push(testedImage, "hub/user-image", "h1");
        Path repoRoot = Files.createDirectories(root.resolve("git-" + System.nanoTime()));
        PromoteRepos repos = PromoteRepos.create(repoRoot, List.of(name.toString()));
        Path ci = repos.clone("ci", "staging");
        PromoteRepos.commitAndPush(ci, "config/staging.yaml", "a: 1\n");
        PromoteRepos.stagingBuild(ci, List.of(new ImageValues(name.toString(), "h1", tested, "jupyterhub.singleuser.image")), 5, 0);
        CollectingLog log = new CollectingLog();
        PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.RECORD), null, null);

        // the same tag, re-pushed with other content after staging was tested
        String repushed = push(build("other", "NOT what staging ran\n"), "hub/user-image", "h1");
        assertThat(BuildahFixture.skopeoDigest(name.withTag("h1"), null)).isEqualTo(repushed).isNotEqualTo(tested);
        HubDeployException e = catchThrowableOfType(HubDeployException.class, () -> PromoteRepos.engine(ci, log, Map.of(),
                Clock.systemUTC()).run(PromoteRepos.config(ci), PromoteOptions.of(PromoteMode.MERGE), null, null));

        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e.getMessage()).contains("check 'image-digest' failed").contains(name.withTag("h1") + "@" + tested)
                .contains("found " + name.withTag("h1") + "@" + repushed).contains("re-pushed");
        assertThat(repos.originRef("refs/heads/prod")).isNotEqualTo(PromoteRepos.head(ci));

        // the tag back at the tested image (same manifest, same digest): the evidence holds again and prod moves
        assertThat(push(testedImage, "hub/user-image", "h1")).isEqualTo(tested);
        Map<String, Object> merged = PromoteRepos.engine(ci, log, Map.of(), Clock.systemUTC()).run(PromoteRepos.config(ci),
                PromoteOptions.of(PromoteMode.MERGE), null, null);
        assertThat(merged.get("merge")).isEqualTo("fast-forward");
        assertThat(repos.originRef("refs/heads/prod")).isEqualTo(PromoteRepos.head(ci));
        assertThat(log.text()).contains("1 image digest(s)");
    }
}
