package io.jenkins.plugins.hubdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.regex.Pattern;

/** Reads the digest a builder wrote after a push: a bare {@code sha256:...} or docker buildx's metadata JSON. */
final class BuilderDigests {
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BuilderDigests() {
    }

    static String parse(String text, String tool, String reference) throws HubDeployException {
        String digest = text.strip();
        if (DIGEST.matcher(digest).matches()) {
            return digest;
        }
        throw unreadable(tool, reference);
    }

    /** The {@code containerimage.digest} of a {@code docker buildx build --metadata-file} file. */
    static String fromBuildxMetadata(String json, String reference) throws HubDeployException {
        try {
            JsonNode root = JSON.readTree(json);
            return parse(root.path("containerimage.digest").asText(""), "docker buildx", reference);
        } catch (IOException e) {
            throw unreadable("docker buildx", reference);
        }
    }

    private static HubDeployException unreadable(String tool, String reference) {
        return HubDeployException.environment(tool + " pushed " + reference + " but did not write a sha256 digest;"
                + " check the builder version (it must support writing the digest after a push)");
    }
}
