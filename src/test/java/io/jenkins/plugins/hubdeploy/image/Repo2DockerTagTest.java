package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.ExampleRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The content tag of a repo2docker image covers its directory's files (as a Dockerfile context) and its options. */
class Repo2DockerTagTest {
    @TempDir
    Path repo;

    private String tag(ImageSpec image) throws Exception {
        CollectingLog log = new CollectingLog();
        return new ContentTagger(new LocalProcessRunner(repo, log), new LocalAgent(repo), log).tagFor(image);
    }

    private static ImageSpec r2d(Map<String, String> options) {
        return ImageSpec.repo2docker("gcr.io/x/user-image", "image", "jupyterhub.singleuser.image", options);
    }

    @Test
    void filesAndOptionsMakeTheTagAndGitAndDiskAgree() throws Exception {
        Files.createDirectories(repo.resolve("image"));
        Files.writeString(repo.resolve("image/environment.yml"), "dependencies: [python=3.11]\n");
        Files.writeString(repo.resolve("image/postBuild"), "#!/bin/sh\necho hi\n");
        Files.writeString(repo.resolve("image/.dockerignore"), "*.log\n");
        Map<String, String> defaults = Map.of("user_id", "1000", "user_name", "jovyan", "target_repo_dir", "/srv/repo");
        String onDisk = tag(r2d(defaults));
        assertThat(onDisk).matches("h[0-9a-f]{20}");

        ExampleRepo.git(repo, "init", "-q");
        ExampleRepo.git(repo, "add", "-A");
        ExampleRepo.git(repo, "commit", "-qm", "image");
        assertThat(tag(r2d(defaults))).as("from git's blob ids").isEqualTo(onDisk);

        Files.writeString(repo.resolve("image/build.log"), "ignored\n");
        assertThat(tag(r2d(defaults))).as(".dockerignore'd file").isEqualTo(onDisk);

        Files.writeString(repo.resolve("image/requirements.txt"), "numpy\n");
        String withRequirements = tag(r2d(defaults));
        assertThat(withRequirements).isNotEqualTo(onDisk);

        Map<String, String> base = new java.util.HashMap<>(defaults);
        base.put("base_image", "docker.io/library/buildpack-deps:jammy");
        assertThat(tag(r2d(base))).as("repo2docker options").isNotEqualTo(withRequirements);

        // the same files built from a Dockerfile never share the repo2docker image's tag
        Files.writeString(repo.resolve("image/Dockerfile"), "FROM scratch\n");
        ImageSpec dockerfile = new ImageSpec("gcr.io/x/user-image", "image", "image/Dockerfile", "v", Map.of(), null);
        ImageSpec r2dWithSameFiles = r2d(defaults);
        assertThat(new ContentTagger(new LocalProcessRunner(repo, new CollectingLog()), new LocalAgent(repo),
                new CollectingLog()).tagsFor(List.of(dockerfile, r2dWithSameFiles))).doesNotHaveDuplicates();
    }
}
