package io.jenkins.plugins.hubdeploy.packaging;

import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/install-tools: a tool that cannot be built is an error naming its module and version (never a silent skip),
 * and nothing half-built is left behind. Runs the real script with the real {@code go}, offline
 * ({@code GOPROXY=off}: no network is contacted) against an empty cache, for a version that does not exist.
 */
class InstallToolsTest {
    @TempDir
    Path tmp;

    @Test
    void aToolThatCannotBeBuiltIsAnErrorNamingItsModuleAndVersion() throws Exception {
        Components.require("go", "Go >= 1.26 from https://go.dev/dl (the Go module proxy must be reachable)");
        Path versions = Files.writeString(tmp.resolve("tool-versions"), "# test\nhelm3 v3.999.0 helm.sh/helm/v3 helm=cmd/helm\n");
        ProcessBuilder builder = new ProcessBuilder(Path.of("bin/install-tools").toAbsolutePath().toString())
                .redirectErrorStream(true);
        builder.environment().put("HUBDEPLOY_TOOL_VERSIONS", versions.toString());
        builder.environment().put("HUBDEPLOY_CACHE", tmp.resolve("cache").toString());
        builder.environment().put("GOPROXY", "off");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("install-tools: FAILED to build helm3: module helm.sh/helm/v3 version v3.999.0")
                .contains("could not build: helm3 v3.999.0 (helm.sh/helm/v3)");
        assertThat(tmp.resolve("cache/tools/helm3-v3.999.0")).doesNotExist();
    }

    @Test
    void theVersionsFileNamesEveryToolOnce() {
        assertThat(Tools.versions()).containsOnlyKeys("helm3", "helm4", "etcd", "kube", "kwok", "sops", "age");
        assertThat(Tools.version("helm3")).startsWith("v3.");
        assertThat(Tools.version("helm4")).startsWith("v4.");
        assertThat(Tools.path("kube", "kubectl").toString()).endsWith("/kube-" + Tools.version("kube") + "/bin/kubectl");
    }
}
