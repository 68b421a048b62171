package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitWorkTreeTest {
    private static final String BLOB = "ce013625030ba8dba906f756967f9e9ca394464a";
    private static final String COMMIT = "f2a65b6273183e90e2bbfc1c7e080227518984b6";

    @Test
    void parsesLsTreeRecordsWithSpacesAndTabsInNames() throws Exception {
        String out = "100644 blob " + BLOB + "\timage/a file.txt\0"
                + "100755 blob " + BLOB + "\timage/run.sh\0"
                + "120000 blob " + BLOB + "\timage/link\0"
                + "160000 commit " + COMMIT + "\timage/sub\0"
                + "100664 blob " + BLOB + "\timage/tab\there\0\n";
        assertThat(GitWorkTree.parseLsTree(out, "")).containsExactly(
                new FileEntry("image/a file.txt", FileEntry.REGULAR, BLOB),
                new FileEntry("image/run.sh", FileEntry.EXECUTABLE, BLOB),
                new FileEntry("image/link", FileEntry.SYMLINK, BLOB),
                new FileEntry("image/sub", FileEntry.GITLINK, COMMIT),
                new FileEntry("image/tab\there", FileEntry.REGULAR, BLOB));
    }

    @Test
    void stripsTheWorkspacePrefix() throws Exception {
        String out = "100644 blob " + BLOB + "\tdeploy/hub/image/a\0";
        assertThat(GitWorkTree.parseLsTree(out, "deploy/hub/")).extracting(FileEntry::path).containsExactly("image/a");
        assertThat(GitWorkTree.parseStatus(" M deploy/hub/image/a\0?? deploy/hub/image/new/\0", "deploy/hub/"))
                .containsExactly("image/a", "image/new");
    }

    @Test
    void statusKeepsEveryKindOfChangeAndBothSidesOfARename() throws Exception {
        String out = " M a\0D  b\0?? c d\0!! build/\0R  new\0old\0 T link\0";
        assertThat(GitWorkTree.parseStatus(out, "")).containsExactly("a", "b", "c d", "build", "new", "old", "link");
    }

    @Test
    void namesALineReaderCannotCarryAreRefused() {
        assertThatThrownBy(() -> GitWorkTree.parseLsTree("100644 blob " + BLOB + "\tbad\nname\0", ""))
                .isInstanceOf(GitWorkTree.UntrustedPathException.class);
        assertThatThrownBy(() -> GitWorkTree.parseStatus("?? bad\uFFFDname\0", ""))
                .isInstanceOf(GitWorkTree.UntrustedPathException.class);
    }

    @Test
    void manyPathspecsBecomeTheirCommonAncestorForStatus() {
        List<String> few = List.of("a/x/image", "a/y/image");
        assertThat(GitWorkTree.statusPathspecs(few)).isEqualTo(few);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add("deployments/hub-" + i + "/image");
        }
        assertThat(GitWorkTree.statusPathspecs(many)).containsExactly("deployments");
        many.add("Dockerfile");
        assertThat(GitWorkTree.statusPathspecs(many)).containsExactly(".");
    }

    @Test
    void onlyChangesInsideOrContainingAPathspecAreKept() {
        List<String> specs = List.of("deployments/a/image", "shared/Dockerfile");
        assertThat(GitWorkTree.relevant(List.of("deployments/a/image/x", "deployments/a/config/values.yaml",
                "deployments/a/imagefoo", "deployments", "shared/Dockerfile", "shared/other", "README.md",
                "deployments/a/image"), specs))
                .containsExactly("deployments/a/image/x", "deployments", "shared/Dockerfile", "deployments/a/image");
        assertThat(GitWorkTree.relevant(List.of("anything"), List.of("."))).containsExactly("anything");
    }
}
