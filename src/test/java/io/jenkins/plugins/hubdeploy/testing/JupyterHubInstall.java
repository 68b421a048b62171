package io.jenkins.plugins.hubdeploy.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One installed JupyterHub the smoke tests run against: the oldest supported ({@link #debian()}: Debian's 3.0.0 with
 * notebook 6 as the single-user server and Debian's configurable-http-proxy 4) and the newest ({@link #current()}:
 * the versions pinned in {@code bin/jupyterhub-versions.env}, installed by {@code bin/install-jupyterhub} into a
 * virtual environment in {@code ~/.cache/hubdeploy/jupyterhub-<version>/} with jupyter-server 2 and
 * configurable-http-proxy 5 from npm).
 *
 * @param name          how test reports name it
 * @param version       the version the hub reports at /hub/api/
 * @param jupyterhub    the hub program
 * @param singleUser    the single-user server program the spawner runs
 * @param proxy         the configurable-http-proxy program, or null for the one on the hub's PATH
 * @param binDir        put first on the PATH of the hub and its single-user servers, or null
 * @param installed     a file that exists once the install finished
 * @param pins          what its first line must say (the pins it was built from), or null when not checked
 * @param install       how to install it, for the skip/fail message
 */
public record JupyterHubInstall(String name, String version, Path jupyterhub, Path singleUser, Path proxy,
                                Path binDir, Path installed, String pins, String install) {
    /** The file with the pinned versions, relative to the repository root (the tests' working directory). */
    public static final Path VERSIONS = Path.of("bin/jupyterhub-versions.env");

    public static JupyterHubInstall debian() {
        Path hub = Path.of(JupyterHubFixture.JUPYTERHUB);
        return new JupyterHubInstall("JupyterHub 3.0.0 (Debian)", "3.0.0", hub,
                Path.of("/usr/bin/jupyterhub-singleuser"), null, null, hub, null, JupyterHubFixture.INSTALL);
    }

    public static JupyterHubInstall current() {
        return pypi(pinFile().getProperty("JUPYTERHUB"));
    }

    /** A JupyterHub from PyPI that {@code bin/install-jupyterhub VERSION} installed (the other pins the same). */
    public static JupyterHubInstall pypi(String version) {
        Properties pinned = pinFile();
        Path dir = cacheDir().resolve("jupyterhub-" + version);
        // the line bin/install-jupyterhub writes into .installed
        String built = "jupyterhub==" + version + " jupyter-server==" + pinned.getProperty("JUPYTER_SERVER")
                + " ipykernel==" + pinned.getProperty("IPYKERNEL") + " configurable-http-proxy@"
                + pinned.getProperty("CONFIGURABLE_HTTP_PROXY");
        return new JupyterHubInstall("JupyterHub " + version + " (PyPI)", version, dir.resolve("bin/jupyterhub"),
                dir.resolve("bin/jupyterhub-singleuser"), dir.resolve("chp/node_modules/.bin/configurable-http-proxy"),
                dir.resolve("bin"), dir.resolve(".installed"), built, "bin/install-jupyterhub " + version);
    }

    /**
     * The oldest and the newest supported hub: what the core smoke tests run against; plus the versions listed in
     * {@code HUBDEPLOY_EXTRA_JUPYTERHUB} (e.g. "5.5.4 4.1.6", each installed by {@code bin/install-jupyterhub V}).
     */
    public static List<JupyterHubInstall> supported() {
        List<JupyterHubInstall> hubs = new ArrayList<>(List.of(debian(), current()));
        String extra = System.getenv().getOrDefault("HUBDEPLOY_EXTRA_JUPYTERHUB", "").strip();
        for (String version : extra.isEmpty() ? new String[0] : extra.split("[\\s,]+")) {
            hubs.add(pypi(version));
        }
        return hubs;
    }

    /**
     * Skips the test (fails it under CI=true) unless this hub is installed completely and from the pins of
     * {@link #VERSIONS} (a bumped pin makes the cached install stale until bin/install-jupyterhub runs again).
     */
    public JupyterHubInstall require() {
        Components.requireFile(installed, install);
        Components.require(jupyterhub.toString(), install);
        if (pins != null) {
            String built = firstLine(installed);
            if (!pins.equals(built)) {
                Components.unavailable(installed.getParent() + " was built from '" + built + "', not from " + VERSIONS
                        + " ('" + pins + "'): run " + install);
            }
        }
        return this;
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The major version, e.g. 6. */
    public int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** Where bin/install-jupyterhub caches installs: $HUBDEPLOY_CACHE, else $XDG_CACHE_HOME/hubdeploy, ~/.cache/hubdeploy. */
    static Path cacheDir() {
        String cache = System.getenv("HUBDEPLOY_CACHE");
        if (cache != null && !cache.isEmpty()) {
            return Path.of(cache);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("hubdeploy");
    }

    static Properties pinFile() {
        Properties pins = new Properties();
        try (Reader reader = Files.newBufferedReader(VERSIONS)) {
            pins.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSIONS.toAbsolutePath(), e);
        }
        if (pins.getProperty("JUPYTERHUB", "").isEmpty()) {
            throw new IllegalStateException(VERSIONS + " names no JUPYTERHUB version");
        }
        return pins;
    }

    @Override
    public String toString() {
        return name;
    }
}
