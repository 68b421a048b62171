package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerConfigTest {
    @TempDir
    Path dir;

    private Path write(String relative, String json) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> home() {
        return Map.of("HOME", dir.resolve("home").toString());
    }

    @Test
    void decodesBase64AuthSplittingAtTheFirstColon() throws IOException {
        write("home/.docker/config.json", "{\"auths\":{\"reg.example.org\":{\"auth\":\"" + auth("bob", "p:a:ss") + "\"}}}");

        DockerConfig config = DockerConfig.lookup("reg.example.org", home());

        assertThat(config.credentials()).contains(new RegistryCredentials("bob", "p:a:ss"));
        assertThat(config.source()).contains(dir.resolve("home/.docker/config.json"));
        assertThat(config.describe()).contains("user 'bob'").doesNotContain("p:a:ss");
    }

    @Test
    void acceptsTheKeyFormsDockerWrites() throws IOException {
        for (String key : new String[] {"https://reg:5000", "reg:5000/v1/", "https://reg:5000/v1/", "http://reg:5000"}) {
            write("home/.docker/config.json", "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth("u", "p") + "\"}}}");

            assertThat(DockerConfig.lookup("reg:5000", home()).credentials()).as(key)
                    .contains(new RegistryCredentials("u", "p"));
        }
    }

    @Test
    void dockerHubIsFoundUnderTheLegacyIndexKey() throws IOException {
        write("home/.docker/config.json", "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hub", "x")
                + "\"}}}");

        assertThat(DockerConfig.lookup(ImageName.parse("jupyter/base-notebook").registry(), home()).credentials())
                .contains(new RegistryCredentials("hub", "x"));
    }

    @Test
    void registryAuthFileIsTheOnlyFileWhenSet() throws IOException {
        write("home/.docker/config.json", "{\"auths\":{\"reg\":{\"auth\":\"" + auth("home", "h") + "\"}}}");
        Path authFile = write("containers/auth.json", "{\"auths\":{\"other\":{\"auth\":\"" + auth("o", "o") + "\"}}}");

        DockerConfig config = DockerConfig.lookup("reg", Map.of("REGISTRY_AUTH_FILE", authFile.toString(),
                "HOME", dir.resolve("home").toString()));

        assertThat(config.credentials()).isEmpty();
        assertThat(config.searched()).containsExactly(authFile);
    }

    @Test
    void xdgRuntimeAuthJsonComesBeforeDockerConfigAndFilesWithoutTheHostAreSkipped() throws IOException {
        write("run/containers/auth.json", "{\"auths\":{\"reg\":{\"auth\":\"" + auth("xdg", "1") + "\"}}}");
        write("docker/config.json", "{\"auths\":{\"reg\":{\"auth\":\"" + auth("docker", "2") + "\"},"
                + "\"only-docker\":{\"auth\":\"" + auth("docker", "3") + "\"}}}");
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString(),
                "DOCKER_CONFIG", dir.resolve("docker").toString(), "HOME", dir.resolve("home").toString());

        assertThat(DockerConfig.lookup("reg", env).credentials()).contains(new RegistryCredentials("xdg", "1"));
        assertThat(DockerConfig.lookup("only-docker", env).credentials()).contains(new RegistryCredentials("docker", "3"));
    }

    @Test
    void credentialHelpersAreReportedNotRun() throws IOException {
        write("home/.docker/config.json", "{\"credsStore\":\"desktop\",\"credHelpers\":{\"gcr.io\":\"gcloud\"}}");

        assertThat(DockerConfig.lookup("gcr.io", home()).unusedHelper()).contains("gcloud");
        DockerConfig other = DockerConfig.lookup("reg", home());
        assertThat(other.credentials()).isEmpty();
        assertThat(other.unusedHelper()).contains("desktop");
        assertThat(other.describe()).contains("docker-credential-desktop").contains("does not run credential helpers");
    }

    @Test
    void brokenFilesFailWithoutQuotingTheirContent() throws IOException {
        write("home/.docker/config.json", "{\"auths\":{\"reg\":{\"auth\":\"secret-not-base64!!\"}}}");
        assertThatThrownBy(() -> DockerConfig.lookup("reg", home())).isInstanceOf(IOException.class)
                .hasMessageContaining("not base64").hasMessageNotContaining("secret-not-base64");

        write("home/.docker/config.json", "{\"auths\": secret-in-broken-json");
        assertThatThrownBy(() -> DockerConfig.lookup("reg", home())).isInstanceOf(IOException.class)
                .hasMessageContaining("not valid JSON").hasMessageNotContaining("secret-in-broken-json");
    }

    @Test
    void authFileJsonRoundTripsThroughLookup() throws IOException {
        Path file = write("written/config.json", DockerConfig.authFileJson("127.0.0.1:5000",
                new RegistryCredentials("ci", "p\"w\\x")));

        assertThat(DockerConfig.lookup("127.0.0.1:5000", Map.of("REGISTRY_AUTH_FILE", file.toString())).credentials())
                .contains(new RegistryCredentials("ci", "p\"w\\x"));
    }
}
