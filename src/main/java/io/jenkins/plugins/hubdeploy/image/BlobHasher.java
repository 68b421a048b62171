package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.Interruptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Computes git blob ids ({@code sha1("blob <size>\0" + bytes)}) of files on disk, so a file hashed from disk gets
 * the id {@code git ls-tree} shows for the same committed content.
 */
public final class BlobHasher {
    private static final int BUFFER = 64 * 1024;
    private static final int ATTEMPTS = 3;

    private BlobHasher() {
    }

    public static String blobId(byte[] content) {
        MessageDigest sha1 = sha1();
        sha1.update(header(content.length));
        sha1.update(content);
        return HexFormat.of().formatHex(sha1.digest());
    }

    /**
     * The blob id of a regular file. The header needs the size before the content, so a file that changes size
     * while it is read is read again (a few times) before giving up. Interrupted: {@link java.io.InterruptedIOException}.
     */
    public static String blobIdOfFile(Path file) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int attempt = 1; ; attempt++) {
            long size = Files.size(file);
            MessageDigest sha1 = sha1();
            sha1.update(header(size));
            long read = 0;
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    Interruptions.checkIo("hashing " + file);
                    sha1.update(buffer, 0, n);
                    read += n;
                }
            }
            if (read == size) {
                return HexFormat.of().formatHex(sha1.digest());
            }
            if (attempt == ATTEMPTS) {
                throw new IOException(file + " changed size while it was hashed (" + size + " then " + read
                        + " bytes); stop whatever writes to the build context and run again");
            }
        }
    }

    /** The blob id git stores for a symlink: the link target's bytes. */
    public static String blobIdOfSymlink(Path link) throws IOException {
        return blobId(Files.readSymbolicLink(link).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] header(long size) {
        return ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }
}
