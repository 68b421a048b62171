package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.platform.ExitCode;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentTaggerTest {
    private static final ImageSpec USER_IMAGE = image("image", "image/Dockerfile", Map.of("PYTHON", "3.11"), null);

    @TempDir
    Path tmp;

    private GitTestRepo repo;
    private final CollectingLog log = new CollectingLog();

    @BeforeEach
    void createRepository() throws Exception {
        GitTestRepo.assumeGit();
        repo = GitTestRepo.init(tmp.resolve("origin"));
        writeUserImage(repo);
        repo.commitAll("user image");
    }

    /** A DataHub-like user image: an executable script, a symlink, a .dockerignore with a re-include. */
    private static void writeUserImage(GitTestRepo r) throws IOException {
        r.write("README.md", "# hub\n");
        r.write("image/Dockerfile", "FROM busybox\nCOPY . /srv\n");
        r.write("image/environment.yml", "dependencies:\n  - numpy\n");
        r.write("image/scripts/start.sh", "#!/bin/sh\nexec \"$@\"\n").chmod("image/scripts/start.sh", "rwxr-xr-x");
        r.write("image/data/a.txt", "alpha\n");
        r.write("image/debug.log", "noise\n");
        r.write("image/build/keep.txt", "kept\n");
        r.write("image/build/out.bin", "artifact\n");
        r.write("image/.dockerignore", "# build outputs\n*.log\nbuild\n!build/keep.txt\n");
        Files.createSymbolicLink(r.dir.resolve("image/latest"), Path.of("data/a.txt"));
    }

    private static ImageSpec image(String context, String dockerfile, Map<String, String> args, String target) {
        return new ImageSpec("registry.example.org/datahub/user-image", context, dockerfile,
                "jupyterhub.singleuser.image", args, target);
    }

    private BuildLog log() {
        return log;
    }

    private List<String> tags(Path workspace, ProcessRunner runner, ImageSpec... images) throws Exception {
        return new ContentTagger(runner, new LocalAgent(workspace), log()).tagsFor(List.of(images));
    }

    private List<String> tags(Path workspace, ImageSpec... images) throws Exception {
        return tags(workspace, new LocalProcessRunner(workspace, log()), images);
    }

    private String tag(Path workspace) throws Exception {
        return tags(workspace, USER_IMAGE).get(0);
    }

    private String plainCopyTag(Path workspace) throws Exception {
        Path copy = Files.createTempDirectory(tmp, "plain");
        GitTestRepo.copyWithoutGit(workspace, copy);
        return tag(copy);
    }

    @Test
    void sameContentGivesSameTagAtAnyCheckoutPathAndMtime() throws Exception {
        GitTestRepo a = repo.cloneTo(tmp.resolve("a"));
        GitTestRepo b = repo.cloneTo(tmp.resolve("deep/other/path/b"));
        b.touchAll(Instant.parse("2001-02-03T04:05:06Z"));
        // a clone does not carry untracked files: give the clones the same git-ignored file content as the origin
        for (GitTestRepo r : List.of(a, b)) {
            r.write("image/debug.log", "noise\n").write("image/build/out.bin", "artifact\n");
        }

        String original = tag(repo.dir);
        assertThat(tag(a.dir)).isEqualTo(original);
        assertThat(tag(b.dir)).isEqualTo(original);
        assertThat(log.lines).anyMatch(l -> l.contains("git tree"));
    }

    @Test
    void squashMergeAndRevertGiveTheTagOfTheSameTree() throws Exception {
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("image/environment.yml", "dependencies:\n  - numpy\n  - pandas\n").commitAll("add pandas");
        repo.write("image/data/b.txt", "beta\n").commitAll("add b");
        String featureTip = tag(repo.dir);

        repo.git("checkout", "-q", "main");
        String before = tag(repo.dir);
        repo.write("README.md", "# hub, edited on main\n").commitAll("docs only");
        assertThat(tag(repo.dir)).as("a change outside the context").isEqualTo(before);

        repo.git("checkout", "-q", "-b", "squashed");
        repo.git("merge", "-q", "--squash", "feature");
        repo.commitAll("squash feature");
        assertThat(tag(repo.dir)).isEqualTo(featureTip);

        repo.git("checkout", "-q", "main");
        repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
        assertThat(tag(repo.dir)).isEqualTo(featureTip);

        repo.git("revert", "--no-edit", "HEAD~0", "-m", "1");
        assertThat(tag(repo.dir)).isEqualTo(before);
    }

    @Test
    void fileOrderAndCommitHistoryDoNotMatter() throws Exception {
        GitTestRepo other = GitTestRepo.init(tmp.resolve("other"));
        // same final files, written and committed in another order over several commits
        Files.createDirectories(other.dir.resolve("image"));
        Files.createSymbolicLink(other.dir.resolve("image/latest"), Path.of("data/a.txt"));
        other.write("image/.dockerignore", "# build outputs\n*.log\nbuild\n!build/keep.txt\n");
        other.write("image/build/keep.txt", "kept\n").commitAll("first");
        other.write("image/data/a.txt", "wrong\n").commitAll("second");
        other.write("image/scripts/start.sh", "#!/bin/sh\nexec \"$@\"\n").chmod("image/scripts/start.sh", "rwxr-xr-x");
        other.write("image/data/a.txt", "alpha\n");
        other.write("image/environment.yml", "dependencies:\n  - numpy\n");
        other.write("image/Dockerfile", "FROM busybox\nCOPY . /srv\n").commitAll("third");

        assertThat(tag(other.dir)).isEqualTo(tag(repo.dir));
    }

    @Test
    void everyChangeOfContentGivesANewTagAndTheDirtyTreeMatchesItsCommit() throws Exception {
        String base = tag(repo.dir);
        Map<String, Mutation> mutations = new LinkedHashMap<>();
        mutations.put("content", r -> r.write("image/data/a.txt", "alpha!\n"));
        mutations.put("one byte appended", r -> r.write("image/environment.yml", "dependencies:\n  - numpy\n\n"));
        mutations.put("rename", r -> r.git("mv", "image/data/a.txt", "image/data/a2.txt"));
        mutations.put("chmod +x", r -> r.chmod("image/environment.yml", "rwxr-xr-x"));
        mutations.put("chmod -x", r -> r.chmod("image/scripts/start.sh", "rw-r--r--"));
        mutations.put("new file", r -> r.write("image/data/new.txt", "new\n"));
        mutations.put("new untracked directory", r -> r.write("image/newdir/deeper/n.txt", "n\n"));
        mutations.put("deleted file", r -> Files.delete(r.dir.resolve("image/data/a.txt")));
        mutations.put("symlink target", r -> {
            Files.delete(r.dir.resolve("image/latest"));
            Files.createSymbolicLink(r.dir.resolve("image/latest"), Path.of("data/../data/a.txt"));
        });
        mutations.put("re-included file", r -> r.write("image/build/keep.txt", "kept, changed\n"));
        mutations.put("Dockerfile", r -> r.write("image/Dockerfile", "FROM busybox:1.36\nCOPY . /srv\n"));
        mutations.put(".dockerignore stops ignoring logs", r -> r.write("image/.dockerignore", "build\n!build/keep.txt\n"));

        Set<String> seen = new HashSet<>(List.of(base));
        int n = 0;
        for (Map.Entry<String, Mutation> m : mutations.entrySet()) {
            GitTestRepo clone = repo.cloneTo(tmp.resolve("mutation-" + n++));
            clone.write("image/debug.log", "noise\n").write("image/build/out.bin", "artifact\n");
            assertThat(tag(clone.dir)).as("untouched clone").isEqualTo(base);

            m.getValue().apply(clone);
            String dirty = tag(clone.dir);
            assertThat(seen.add(dirty)).as(m.getKey() + " gives a tag not seen before").isTrue();
            assertThat(plainCopyTag(clone.dir)).as(m.getKey() + ": plain copy").isEqualTo(dirty);
            clone.commitAll(m.getKey());
            assertThat(tag(clone.dir)).as(m.getKey() + ": committed == dirty").isEqualTo(dirty);
        }
    }

    @Test
    void buildArgsTargetAndADockerfileOutsideTheContextArePartOfTheTag() throws Exception {
        repo.write("dockerfiles/user.Dockerfile", "FROM busybox\nCOPY . /srv\n").commitAll("shared Dockerfile");
        ImageSpec base = image("image", "dockerfiles/user.Dockerfile", Map.of("PYTHON", "3.11"), null);
        List<String> all = tags(repo.dir, base,
                image("image", "dockerfiles/user.Dockerfile", Map.of("PYTHON", "3.12"), null),
                image("image", "dockerfiles/user.Dockerfile", Map.of("PYTHON", "3.11", "EXTRA", "1"), null),
                image("image", "dockerfiles/user.Dockerfile", Map.of("PYTHON", "3.11"), "runtime"),
                image("image", "dockerfiles/user.Dockerfile", Map.of(), null));
        assertThat(new HashSet<>(all)).hasSize(all.size());

        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("B", "2");
        reordered.put("A", "1");
        Map<String, String> sorted = new LinkedHashMap<>();
        sorted.put("A", "1");
        sorted.put("B", "2");
        assertThat(tags(repo.dir, image("image", "image/Dockerfile", reordered, null)))
                .isEqualTo(tags(repo.dir, image("image", "image/Dockerfile", sorted, null)));

        String before = tags(repo.dir, base).get(0);
        repo.write("dockerfiles/user.Dockerfile", "FROM busybox\nCOPY . /opt\n");
        assertThat(tags(repo.dir, base).get(0)).isNotEqualTo(before);
    }

    @Test
    void ignoredFilesDoNotCountReincludedOnesDo() throws Exception {
        String base = tag(repo.dir);
        repo.write("image/debug.log", "other noise\n");
        repo.write("image/more.log", "new noise\n");
        repo.write("image/build/out.bin", "another artifact\n");
        repo.write("image/build/sub/deep.bin", "x\n");
        assertThat(tag(repo.dir)).isEqualTo(base);

        repo.write("image/build/keep.txt", "kept v2\n");
        assertThat(tag(repo.dir)).isNotEqualTo(base);
    }

    @Test
    void gitIgnoredFilesAreBuildInputsBecauseDockerSendsThem() throws Exception {
        repo.write(".gitignore", "generated/\n").commitAll("gitignore");
        String base = tag(repo.dir);
        repo.write("image/generated/model.bin", "weights\n");
        String withGenerated = tag(repo.dir);
        assertThat(withGenerated).isNotEqualTo(base);
        assertThat(plainCopyTag(repo.dir)).isEqualTo(withGenerated);
        repo.write("image/generated/model.bin", "other weights\n");
        assertThat(tag(repo.dir)).isNotEqualTo(withGenerated);
    }

    @Test
    void aPlainCopyWithoutGitGivesTheGitTag() throws Exception {
        assertThat(plainCopyTag(repo.dir)).isEqualTo(tag(repo.dir));
        assertThat(log.lines).anyMatch(l -> l.contains("not a git repository"));
    }

    @Test
    void aShallowCloneGivesTheTagOfTheFullClone() throws Exception {
        repo.write("image/data/a.txt", "alpha 2\n").commitAll("second");
        repo.write("README.md", "third\n").commitAll("third");
        GitTestRepo full = repo.cloneTo(tmp.resolve("full"));
        GitTestRepo shallow = repo.cloneTo(tmp.resolve("shallow"), "--depth", "1");
        assertThat(shallow.git("rev-list", "--count", "HEAD").strip()).isEqualTo("1");
        assertThat(tag(shallow.dir)).isEqualTo(tag(full.dir));
    }

    @Test
    void allImagesShareOneLsTreeAndOneStatus() throws Exception {
        repo.write("images/second/Dockerfile", "FROM busybox\n").write("images/second/x.txt", "x\n").commitAll("second image");
        List<List<String>> commands = new CopyOnWriteArrayList<>();
        LocalProcessRunner real = new LocalProcessRunner(repo.dir, log());
        ProcessRunner recording = spec -> {
            commands.add(spec.argv());
            return real.run(spec);
        };
        ImageSpec second = image("images/second", "images/second/Dockerfile", Map.of(), null);
        List<String> both = tags(repo.dir, recording, USER_IMAGE, second);

        assertThat(commands.stream().filter(c -> c.contains("ls-tree")).count()).isEqualTo(1);
        assertThat(commands.stream().filter(c -> c.contains("status")).count()).isEqualTo(1);
        assertThat(commands).hasSize(3);
        assertThat(commands).allSatisfy(c -> assertThat(c.get(0)).isEqualTo("git"));
        assertThat(both).containsExactly(tags(repo.dir, USER_IMAGE).get(0), tags(repo.dir, second).get(0));
        assertThat(both.get(0)).isNotEqualTo(both.get(1));
    }

    @Test
    void manyImagesInOneCallMatchTheirSingleTagsAndThePlainCopy() throws Exception {
        List<ImageSpec> images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String ctx = "deployments/hub-" + i + "/image";
            repo.write(ctx + "/Dockerfile", "FROM busybox\n").write(ctx + "/app.py", "print(" + i + ")\n");
            repo.write("deployments/hub-" + i + "/config/common.yaml", "hub: " + i + "\n");
            images.add(image(ctx, ctx + "/Dockerfile", Map.of(), null));
        }
        repo.write(".gitignore", "*.pyc\ngenerated/\n").commitAll("twelve hubs");
        // git reports a wholly ignored directory as one entry: here it contains a whole context
        repo.write("generated/hub/image/Dockerfile", "FROM busybox\n").write("generated/hub/image/x", "x\n");
        images.add(image("generated/hub/image", "generated/hub/image/Dockerfile", Map.of(), null));
        repo.write("deployments/hub-1/image/app.py", "print('edited')\n");
        repo.write("deployments/hub-2/image/new.py", "new\n");
        repo.write("deployments/hub-3/image/cache.pyc", "ignored by git, sent by docker\n");
        Files.delete(repo.dir.resolve("deployments/hub-4/image/app.py"));
        repo.write("deployments/hub-5/config/common.yaml", "outside every context\n");
        repo.write("deployments/hub-99/image/app.py", "an untracked directory that is no context\n");

        List<String> together = tags(repo.dir, images.toArray(ImageSpec[]::new));
        assertThat(new HashSet<>(together)).as("distinct content, distinct tags").hasSize(13);
        for (int i = 0; i < images.size(); i++) {
            assertThat(tags(repo.dir, images.get(i))).containsExactly(together.get(i));
        }
        Path copy = Files.createTempDirectory(tmp, "plain");
        GitTestRepo.copyWithoutGit(repo.dir, copy);
        assertThat(tags(copy, images.toArray(ImageSpec[]::new))).isEqualTo(together);
    }

    @Test
    void tagsStartWithALetterAndAreLowercaseHex() throws Exception {
        assertThat(ContentTagger.formatTag(new byte[32])).isEqualTo("h00000000000000000000");
        List<String> all = new ArrayList<>(tags(repo.dir, USER_IMAGE, image("image", "image/Dockerfile", Map.of(), null)));
        all.add(plainCopyTag(repo.dir));
        assertThat(all).allSatisfy(t -> assertThat(t).matches("h[0-9a-f]{20}").matches("[a-z0-9]+"));
        assertThatThrownBy(() -> ContentTagger.formatTag(new byte[20])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutGitOnPathTheFilesAreHashedAndTheTagIsTheSame() throws Exception {
        LocalProcessRunner real = new LocalProcessRunner(repo.dir, log());
        ProcessRunner noGit = spec -> {
            List<String> argv = new ArrayList<>(spec.argv());
            argv.set(0, "git-not-installed-hubdeploy-test");
            return real.run(new ProcessSpec(argv, spec.env(), spec.dir(), spec.timeout(), spec.echo()));
        };
        assertThat(tags(repo.dir, noGit, USER_IMAGE).get(0)).isEqualTo(tag(repo.dir));
        assertThat(log.lines).anyMatch(l -> l.contains("git is not on PATH"));
    }

    @Test
    void aRepositoryWithoutCommitsIsHashedFromDiskAndGitsOwnFilesNeverCount() throws Exception {
        repo.write("Dockerfile", "FROM busybox\nCOPY . /all\n").commitAll("root image");
        ImageSpec root = image(".", "Dockerfile", Map.of(), null);
        Path fresh = tmp.resolve("fresh");
        GitTestRepo.copyWithoutGit(repo.dir, fresh);
        GitTestRepo.init(fresh).write("image/sub/.git", "gitdir: ../../.git/modules/sub\n");
        List<String> expected = tags(repo.dir, root, USER_IMAGE);
        assertThat(tags(fresh, root, USER_IMAGE)).isEqualTo(expected);
        assertThat(log.lines).anyMatch(l -> l.contains("no commit"));
    }

    @Test
    void aWorkspaceInsideALargerRepositoryUsesPathsRelativeToTheWorkspace() throws Exception {
        GitTestRepo outer = GitTestRepo.init(tmp.resolve("outer"));
        Path workspace = outer.dir.resolve("deployments/datahub");
        GitTestRepo.copyWithoutGit(repo.dir, workspace);
        outer.commitAll("nested workspace");
        String expected = tag(repo.dir);
        assertThat(tag(workspace)).isEqualTo(expected);
        outer.write("deployments/datahub/image/data/a.txt", "changed\n");
        assertThat(tag(workspace)).isNotEqualTo(expected).isEqualTo(plainCopyTag(workspace));
    }

    @Test
    void nestedContextsEachSeeTheirOwnFiles() throws Exception {
        repo.write("Dockerfile", "FROM busybox\nCOPY image /image\n").commitAll("root image");
        ImageSpec root = image(".", "Dockerfile", Map.of(), null);
        List<String> together = tags(repo.dir, root, USER_IMAGE);
        assertThat(together).containsExactly(tags(repo.dir, root).get(0), tag(repo.dir));
        Path copy = Files.createTempDirectory(tmp, "plain");
        GitTestRepo.copyWithoutGit(repo.dir, copy);
        assertThat(tags(copy, root, USER_IMAGE)).isEqualTo(together);
        // the root context has no .dockerignore: the log file the user image ignores counts for it
        repo.write("image/debug.log", "changed\n");
        assertThat(tags(repo.dir, root, USER_IMAGE)).satisfies(t -> {
            assertThat(t.get(0)).isNotEqualTo(together.get(0));
            assertThat(t.get(1)).isEqualTo(together.get(1));
        });
    }

    @Test
    void aDockerfileExcludedByDockerignoreStillCounts() throws Exception {
        repo.write("image/.dockerignore", "Dockerfile\n").commitAll("ignore the Dockerfile");
        String before = tag(repo.dir);
        repo.write("image/Dockerfile", "FROM busybox:latest\n");
        assertThat(tag(repo.dir)).isNotEqualTo(before).isEqualTo(plainCopyTag(repo.dir));
    }

    @Test
    void missingContextOrDockerfileIsAConfigurationError() {
        assertThatThrownBy(() -> tags(repo.dir, image("nope", "nope/Dockerfile", Map.of(), null)))
                .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("'nope'").hasMessageContaining("context");
        assertThatThrownBy(() -> tags(repo.dir, image("image", "image/Containerfile", Map.of(), null)))
                .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("image/Containerfile");
        assertThatThrownBy(() -> tags(repo.dir, image("../outside", null, Map.of(), null)))
                .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("..");
    }

    @Test
    void anInvalidDockerignoreIsAConfigurationErrorNamingTheFile() throws Exception {
        repo.write("image/.dockerignore", "ok\n[broken\n");
        assertThatThrownBy(() -> tag(repo.dir))
                .isInstanceOfSatisfying(HubDeployException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("image/.dockerignore").hasMessageContaining("line 2");
    }

    @Test
    void equivalentContextSpellingsGiveTheSameTag() throws Exception {
        assertThat(tags(repo.dir, image("./image/", "./image//Dockerfile", Map.of("PYTHON", "3.11"), null)))
                .containsExactly(tag(repo.dir));
        assertThat(tags(repo.dir, image("image", null, Map.of("PYTHON", "3.11"), null))).containsExactly(tag(repo.dir));
    }

    @FunctionalInterface
    private interface Mutation {
        void apply(GitTestRepo repo) throws Exception;
    }

}
