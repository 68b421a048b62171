package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTagDigestTest {
    private static final String A = "ce013625030ba8dba906f756967f9e9ca394464a";
    private static final String B = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

    private static String hex(List<FileEntry> files, Map<String, String> args, String target) {
        return HexFormat.of().formatHex(ContentTagDigest.digest(files, A, args, target));
    }

    @Test
    void fileOrderDoesNotMatterAndSortingIsByUtf8Bytes() {
        List<FileEntry> files = new ArrayList<>();
        for (String p : new String[] {"b", "a/z", "a", "é", "\uD83D\uDE00", "\uFFFD", "A", "a b"}) {
            files.add(new FileEntry(p, FileEntry.REGULAR, A));
        }
        String expected = hex(files, Map.of(), null);
        for (int seed = 0; seed < 20; seed++) {
            List<FileEntry> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(hex(shuffled, Map.of(), null)).isEqualTo(expected);
        }
    }

    @Test
    void theFramingKeepsDifferentInputsApart() {
        List<String> digests = List.of(
                hex(List.of(new FileEntry("ab", FileEntry.REGULAR, A)), Map.of(), null),
                hex(List.of(new FileEntry("a", FileEntry.REGULAR, A), new FileEntry("b", FileEntry.REGULAR, A)), Map.of(), null),
                hex(List.of(new FileEntry("ab", FileEntry.EXECUTABLE, A)), Map.of(), null),
                hex(List.of(new FileEntry("ab", FileEntry.REGULAR, B)), Map.of(), null),
                hex(List.of(), Map.of("K", "a b"), null),
                hex(List.of(), Map.of("K a", "b"), null),
                hex(List.of(), Map.of("K", ""), null),
                hex(List.of(), mapWithNull("K"), null),
                hex(List.of(), Map.of(), "K"),
                hex(List.of(), Map.of(), null));
        assertThat(digests).doesNotHaveDuplicates();
        assertThat(hex(List.of(), Map.of(), "  ")).as("a blank target is no target").isEqualTo(hex(List.of(), Map.of(), null));
    }

    @Test
    void theDockerfileBlobCounts() {
        assertThat(ContentTagDigest.digest(List.of(), A, Map.of(), null))
                .isNotEqualTo(ContentTagDigest.digest(List.of(), B, Map.of(), null));
    }

    @Test
    void modesAreNormalizedToWhatABuildSees() {
        assertThat(FileEntry.normalizeMode(0100664)).isEqualTo(FileEntry.REGULAR);
        assertThat(FileEntry.normalizeMode(0100775)).isEqualTo(FileEntry.EXECUTABLE);
        assertThat(new FileEntry("x", 0120777, A).mode()).isEqualTo(FileEntry.SYMLINK);
        assertThat(new FileEntry("x", 0160000, A).modeOctal()).isEqualTo("160000");
    }

    private static Map<String, String> mapWithNull(String key) {
        Map<String, String> m = new HashMap<>();
        m.put(key, null);
        return m;
    }
}
