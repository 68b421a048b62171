package io.jenkins.plugins.hubdeploy.testing;

import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.BuildRequest;
import io.jenkins.plugins.hubdeploy.image.BuildahBuilder;
import io.jenkins.plugins.hubdeploy.image.ImageName;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private buildah (and podman) storage for tests, configured only through the tools' own environment variables,
 * the way an agent would configure them: pass {@link #env(Path)} as the builder's {@code env}.
 * <ul>
 *   <li>STORAGE_DRIVER=vfs (works in any container, no overlay mounts)</li>
 *   <li>BUILDAH_ISOLATION=chroot (no user namespaces or runc needed for RUN)</li>
 *   <li>CONTAINERS_STORAGE_CONF=&lt;dir&gt;/storage.conf with graphroot and runroot under {@code dir}</li>
 * </ul>
 * vfs copies every layer in full, so call {@link #cleanup(Path)} in {@code @AfterAll}/finally: it removes the
 * containers and images with the same environment, then deletes {@code dir}.
 * Missing buildah skips the test (fails it under CI=true): see {@link Components}.
 */
public final class BuildahFixture {
    public static final String INSTALL = "apt-get install -y --no-install-recommends buildah skopeo busybox-static";

    private BuildahFixture() {
    }

    /** Writes {@code dir/storage.conf} and returns the environment that points buildah (and podman) at it. */
    public static Map<String, String> env(Path dir) throws IOException {
        Components.require("buildah", INSTALL);
        Files.createDirectories(dir);
        Path conf = dir.resolve("storage.conf");
        Files.writeString(conf, "[storage]\n"
                + "driver = \"vfs\"\n"
                + "graphroot = \"" + dir.resolve("graph") + "\"\n"
                + "runroot = \"" + dir.resolve("run") + "\"\n");
        Map<String, String> env = new HashMap<>();
        env.put("STORAGE_DRIVER", "vfs");
        env.put("BUILDAH_ISOLATION", "chroot");
        env.put("CONTAINERS_STORAGE_CONF", conf.toString());
        return Map.copyOf(env);
    }

    /**
     * Builds a base image holding a static busybox as /bin/busybox and /bin/sh (what a RUN needs) in {@code dir} and
     * pushes it to {@code registry} as {@code base/busybox:v1}; returns that reference.
     */
    public static String pushBusyboxBase(Path dir, RegistryFixture registry, Map<String, String> env, BuildLog log)
            throws Exception {
        Path busybox = Components.require("busybox", INSTALL);
        Path context = Files.createDirectories(dir.resolve("base"));
        Files.copy(busybox.toRealPath(), context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCOPY busybox /bin/sh\n");
        ImageName name = registry.image("base/busybox");
        new BuildahBuilder(new LocalProcessRunner(dir, log), new LocalAgent(dir), env, log)
                .build(new BuildRequest(new ImageSpec(name.toString(), "base", "base/Dockerfile", "x", Map.of(), null),
                        name, "v1", true, false, null, null, false, null));
        return name.withTag("v1");
    }

    /** Removes every container and image of the storage under {@code dir}, then the directory. Never throws. */
    public static void cleanup(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Map<String, String> env = env(dir);
            run(env, List.of("buildah", "rm", "--all"));
            run(env, List.of("buildah", "rmi", "--all", "--force"));
        } catch (Exception | AssertionError e) {
            // deleting the directory below is what matters
        }
        deleteTree(dir);
    }

    /** {@code skopeo inspect --format {{.Digest}}} over plain HTTP: an independent witness of a pushed digest. */
    public static String skopeoDigest(String reference, Path authFile) throws IOException, InterruptedException {
        Components.require("skopeo", INSTALL);
        List<String> argv = new java.util.ArrayList<>(List.of("skopeo", "inspect", "--tls-verify=false",
                "--format", "{{.Digest}}"));
        if (authFile != null) {
            argv.add("--authfile");
            argv.add(authFile.toString());
        }
        argv.add("docker://" + reference);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("skopeo inspect " + reference + " failed: " + out);
        }
        return out;
    }

    private static void run(Map<String, String> env, List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // keep going: delete as much as possible
                }
            }
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
