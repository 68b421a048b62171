package io.jenkins.plugins.hubdeploy.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The SHA-256 over one image's build inputs, in the framing docs/tags.md specifies: a version line, then the
 * context's files sorted by the bytes of their UTF-8 path, the Dockerfile's blob id, the build args sorted by key
 * and the target. Every variable-length field is written as {@code <byte length>:<bytes>}, so no two different
 * inputs can produce the same stream.
 */
public final class ContentTagDigest {
    public static final String VERSION_LINE = "hubdeploy-content-tag v1\n";

    private ContentTagDigest() {
    }

    /**
     * @param files          the context's surviving files, paths relative to the context
     * @param dockerfileBlob the Dockerfile's git blob id
     * @param buildArgs      build args (a null value means "--build-arg KEY" without a value)
     * @param target         multi-stage target, or null / blank for none
     */
    public static byte[] digest(List<FileEntry> files, String dockerfileBlob, Map<String, String> buildArgs,
                                String target) {
        MessageDigest sha256 = sha256();
        sha256.update(ascii(VERSION_LINE));
        List<Framed> sorted = new ArrayList<>(files.size());
        for (FileEntry file : files) {
            sorted.add(new Framed(utf8(file.path()), file));
        }
        sorted.sort(Comparator.comparing(Framed::key, Arrays::compareUnsigned));
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (Framed f : sorted) {
            line.reset();
            line.writeBytes(ascii("file "));
            writeField(line, f.key());
            line.writeBytes(ascii(" " + f.entry().modeOctal() + " " + f.entry().objectId() + "\n"));
            sha256.update(line.toByteArray());
        }
        sha256.update(ascii("dockerfile " + dockerfileBlob + "\n"));
        List<Arg> args = new ArrayList<>();
        if (buildArgs != null) {
            buildArgs.forEach((k, v) -> args.add(new Arg(utf8(k), v == null ? null : utf8(v))));
        }
        args.sort(Comparator.comparing(Arg::key, Arrays::compareUnsigned));
        for (Arg arg : args) {
            line.reset();
            line.writeBytes(ascii("arg "));
            writeField(line, arg.key());
            line.writeBytes(ascii(" "));
            if (arg.value() == null) {
                line.writeBytes(ascii("-"));
            } else {
                writeField(line, arg.value());
            }
            line.writeBytes(ascii("\n"));
            sha256.update(line.toByteArray());
        }
        if (target != null && !target.isBlank()) {
            line.reset();
            line.writeBytes(ascii("target "));
            writeField(line, utf8(target.strip()));
            line.writeBytes(ascii("\n"));
            sha256.update(line.toByteArray());
        }
        return sha256.digest();
    }

    private static void writeField(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ascii(bytes.length + ":"));
        out.writeBytes(bytes);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private record Framed(byte[] key, FileEntry entry) {
    }

    private record Arg(byte[] key, byte[] value) {
    }
}
