package io.jenkins.plugins.hubdeploy.helm;

import com.marcnuri.helm.Helm;
import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REAL Helm 3 (the Go library inside {@code com.marcnuri.helm-java}, the same code as the {@code helm} binary's
 * {@code template}) renders the example chart with the values files exactly as {@link ValuesLayering} layers them for
 * {@code helm upgrade}: common, staging, secrets, then the generated image values. Nothing is simulated except that
 * helm runs in-process rather than as a CLI, and no cluster is involved (template needs none). Each native call runs
 * on its own thread with a timeout, since a hung native call cannot be interrupted.
 */
class HelmRenderTest {
    private static final Path EXAMPLE = Path.of("examples/datahub").toAbsolutePath();

    @TempDir
    Path scratch;

    @Test
    void exampleChartRendersLayeredValuesWithImageTagsAsStrings() throws Exception {
        DeploymentConfig config = ConfigLoader.load(EXAMPLE, "datahub");
        // all-digit and exponent-looking tags: helm reads them as numbers unless they are quoted strings
        List<ImageValues> images = List.of(
                new ImageValues("127.0.0.1:5000/datahub/user-image", "1234567890", null, "jupyterhub.singleuser.image"),
                new ImageValues("127.0.0.1:5000/datahub/tools-image", "012e5", null, "tools.image"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStreamLog log = new PrintStreamLog(new PrintStream(out, true, StandardCharsets.UTF_8));
        LayeredValues values = new ValuesLayering(new LocalAgent(EXAMPLE), null, log, new SecretMasker())
                .layer(config.environment("staging"), images, scratch.toString());

        String rendered = render(values.files());

        assertThat(rendered).contains("kind: ConfigMap").contains("name: datahub-staging-images")
                .contains("user-image: \"127.0.0.1:5000/datahub/user-image:1234567890\"")
                .contains("tools-image: \"127.0.0.1:5000/datahub/tools-image:012e5\"")
                .as("the staging file overrides common's hubUrl").contains("hub-url: \"https://staging.datahub.example.org\"");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("fake-staging-client-secret-not-real");
    }

    /** The control that shows the test above can fail: the same tags written unquoted come out as numbers. */
    @Test
    void unquotedTagsWouldBeReadAsNumbers() throws Exception {
        Path unquoted = scratch.resolve("unquoted.yaml");
        Files.writeString(unquoted, "jupyterhub:\n  singleuser:\n    image:\n      tag: 1234567890\ntools:\n  image:\n    tag: 012e5\n");

        String rendered = render(List.of(unquoted.toString()));

        assertThat(rendered).doesNotContain("user-image:1234567890\"").contains("1.23456789e+09");
    }

    @Test
    void quotedYamlKeepsEveryStringQuoted() {
        String yaml = Values.quotedYaml(ImageValues.toValues(List.of(new ImageValues("r/x", "0123", null, "a.b"))));

        assertThat(yaml).contains("tag: \"0123\"").contains("name: \"r/x\"");
        assertThat(Values.flatten(Map.of("a", Map.of("b", Map.of("tag", "0123"))))).containsEntry("a.b.tag", "0123");
    }

    private static String render(List<String> valuesFiles) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "helm-template");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<String> result = thread.submit(() -> {
                var template = new Helm(EXAMPLE.resolve("hub")).template().withName("datahub-staging")
                        .withNamespace("datahub-staging").withKubeVersion("1.30.0");
                for (String file : valuesFiles) {
                    template = template.withValuesFile(Path.of(file));
                }
                return template.call();
            });
            return result.get(90, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
