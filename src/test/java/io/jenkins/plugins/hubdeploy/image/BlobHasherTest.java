package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BlobHasherTest {
    @TempDir
    Path tmp;

    @Test
    void knownBlobIds() {
        // the ids git gives the empty blob and "hello\n" (git hash-object)
        assertThat(BlobHasher.blobId(new byte[0])).isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        assertThat(BlobHasher.blobId("hello\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
    }

    @Test
    void filesAndSymlinksHashLikeGit() throws Exception {
        GitTestRepo.assumeGit();
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        Files.write(tmp.resolve("big.bin"), big);
        Files.writeString(tmp.resolve("text.txt"), "héllo wörld\n");
        GitTestRepo git = GitTestRepo.at(tmp);
        for (String name : new String[] {"big.bin", "text.txt"}) {
            assertThat(BlobHasher.blobIdOfFile(tmp.resolve(name))).as(name)
                    .isEqualTo(git.git("hash-object", "--no-filters", name).strip());
        }
        Path link = Files.createSymbolicLink(tmp.resolve("link"), Path.of("dir/target.txt"));
        assertThat(BlobHasher.blobIdOfSymlink(link)).isEqualTo(BlobHasher.blobId("dir/target.txt".getBytes(StandardCharsets.UTF_8)));
    }
}
