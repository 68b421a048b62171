package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.HelmHelp;
import io.jenkins.plugins.hubdeploy.testing.Tools;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flags the deploy engine passes to helm, checked against the REAL Helm 3 and Helm 4 binaries' own
 * {@code --help} (built by bin/install-tools at the versions in bin/tool-versions). The argv shapes below are those
 * of {@code run/DeployRun} and {@link StuckReleaseGuard}; the real-cluster deploy test additionally checks every argv
 * the engine actually ran ({@code RealClusterDeployIT}).
 */
class HelmFlagsHelpTest {
    @TempDir
    Path tmp;

    private static int major(String tool) {
        return tool.equals("helm3") ? 3 : 4;
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm3", "helm4"})
    void theMajorVersionIsDetectedAndChoosesTheFlags(String tool) throws Exception {
        Path helm = Tools.helm(tool);
        HelmCli cli = new HelmCli(new LocalProcessRunner(tmp, new CollectingLog()), Map.of(HelmCli.HELM_BIN, helm.toString()),
                new SecretMasker());

        String version = cli.checkVersion();

        assertThat(version).startsWith(Tools.version(tool));
        assertThat(cli.flags()).isEqualTo(new HelmFlags(major(tool)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm3", "helm4"})
    void everyFlagTheEngineUsesIsInThisHelmsOwnHelp(String tool) throws Exception {
        Path helm = Tools.helm(tool);
        HelmFlags flags = new HelmFlags(major(tool));
        String h = helm.toString();
        List<List<String>> calls = List.of(
                List.of(h, "version", "--short"),
                List.of(h, "dependency", "build", "./hub"),
                List.of(h, "template", "r", "./hub", "--namespace", "ns", "--values", "v.yaml", "--version", "1.0.0"),
                List.of(h, "upgrade", "--install", "r", "./hub", "--namespace", "ns", "--create-namespace", "--reset-values",
                        "--values", "v.yaml", "--version", "1.0.0", flags.waitForReady(), "--timeout", "60s",
                        "--cleanup-on-fail", flags.rollbackOnFailure(), "--history-max", "5", "--output", "json"),
                List.of(h, "get", "values", "r", "--namespace", "ns", "-o", "json"),
                List.of(h, "get", "manifest", "r", "--namespace", "ns"),
                List.of(h, "status", "r", "--namespace", "ns", "-o", "json"),
                List.of(h, "history", "r", "--namespace", "ns", "--max", "256", "-o", "json"),
                List.of(h, "rollback", "r", "1", "--namespace", "ns", flags.waitForReady(), "--timeout", "60s"),
                List.of(h, "uninstall", "r", "--namespace", "ns", flags.waitForReady(), "--timeout", "60s"));
        List<String> unknown = new ArrayList<>();
        for (List<String> argv : calls) {
            HelmHelp.unknownFlags(helm, argv).forEach(f -> unknown.add(String.join(" ", HelmHelp.subcommand(argv)) + " " + f));
        }
        assertThat(unknown).as(tool + " " + Tools.version(tool) + " does not list these flags in --help").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm3", "helm4"})
    void theOtherMajorsFlagsAreNotThisOnes(String tool) throws Exception {
        Path helm = Tools.helm(tool);
        HelmFlags other = new HelmFlags(7 - major(tool));
        List<String> upgrade = List.of(helm.toString(), "upgrade", "r", "./hub", other.rollbackOnFailure());

        assertThat(HelmHelp.unknownFlags(helm, upgrade)).as("Helm 4 renamed --atomic to --rollback-on-failure "
                + "(--atomic is a hidden deprecated alias)").containsExactly(other.rollbackOnFailure().substring(2));
        if (major(tool) == 3) {
            // Helm 3's --wait is a boolean: the Helm 4 strategy form is refused before anything is contacted
            ProcessResult refused = new LocalProcessRunner(tmp, new CollectingLog()).run(ProcessSpec.of(List.of(
                    helm.toString(), "upgrade", "r", "./missing-chart", "--wait=watcher")));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.stderr()).contains("invalid argument \"watcher\" for \"--wait\"");
        }
    }
}
