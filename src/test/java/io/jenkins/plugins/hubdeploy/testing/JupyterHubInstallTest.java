package io.jenkins.plugins.hubdeploy.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which hubs the smoke tests run against, and the skip-or-fail rule for a hub that is missing or stale. */
class JupyterHubInstallTest {
    @TempDir
    Path dir;

    @Test
    void theOldestAndTheNewestAreTestedTheNewestFromThePinFile() throws Exception {
        String pinned = Files.readAllLines(JupyterHubInstall.VERSIONS).stream()
                .filter(l -> l.startsWith("JUPYTERHUB=")).findFirst().orElseThrow().substring("JUPYTERHUB=".length());

        assertThat(JupyterHubInstall.supported()).extracting(JupyterHubInstall::version)
                .startsWith("3.0.0", pinned);
        JupyterHubInstall current = JupyterHubInstall.current();
        assertThat(current.major()).isGreaterThanOrEqualTo(6);
        assertThat(current.jupyterhub()).endsWith(Path.of("jupyterhub-" + pinned, "bin", "jupyterhub"));
        assertThat(current.pins()).startsWith("jupyterhub==" + pinned + " jupyter-server==");
    }

    @Test
    void aMissingHubSkipsLocallyAndFailsUnderCi() {
        JupyterHubInstall missing = JupyterHubInstall.pypi("0.0.1");

        assertThatThrownBy(missing::require)
                .isInstanceOf(Components.onCi() ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("bin/install-jupyterhub 0.0.1");
    }

    @Test
    void anInstallFromOtherPinsIsStale() throws Exception {
        Path hub = Files.createDirectories(dir.resolve("bin")).resolve("jupyterhub");
        Files.writeString(hub, "#!/bin/sh\n");
        Files.setPosixFilePermissions(hub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve(".installed"), "jupyterhub==6.1.1 jupyter-server==2.0.0\ninstalled in 60 s\n");

        JupyterHubInstall stale = install(hub, "jupyterhub==6.1.1 jupyter-server==2.21.1");
        JupyterHubInstall fresh = install(hub, "jupyterhub==6.1.1 jupyter-server==2.0.0");

        assertThatThrownBy(stale::require)
                .isInstanceOf(Components.onCi() ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("was built from 'jupyterhub==6.1.1 jupyter-server==2.0.0'")
                .hasMessageContaining("run bin/install-jupyterhub");
        assertThat(fresh.require()).isSameAs(fresh);
    }

    private JupyterHubInstall install(Path hub, String pins) {
        return new JupyterHubInstall("test hub", "6.1.1", hub, dir.resolve("bin/jupyterhub-singleuser"), null,
                dir.resolve("bin"), dir.resolve(".installed"), pins, "bin/install-jupyterhub");
    }
}
