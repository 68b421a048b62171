package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;
import java.util.Map;

/**
 * One image of a deployment: built from a Dockerfile, built by repo2docker from an image directory, or prebuilt
 * elsewhere and pinned by tag or digest.
 *
 * @param name        repository without tag, e.g. {@code registry.example.org/datahub/user-image}
 * @param context     build context directory (repository-relative); null for a prebuilt image
 * @param dockerfile  the Dockerfile (repository-relative; usually inside the context); null for repo2docker and
 *                    prebuilt images
 * @param valuesPath  dotted path in the helm values where {@code name} and {@code tag} go, e.g.
 *                    {@code jupyterhub.singleuser.image}; null when the image is only checked and recorded (a
 *                    second prebuilt image that the values name themselves, e.g. in a profile list)
 * @param buildArgs   {@code --build-arg} values; part of the content tag
 * @param target      multi-stage target, or null
 * @param source      how the image comes to be
 * @param pin         for a prebuilt image: the pinned reference after the repository, {@code TAG},
 *                    {@code sha256:HEX} or {@code TAG@sha256:HEX}; null otherwise
 * @param repo2docker hubploy's {@code repo2docker} options of a repo2docker image (e.g. {@code base_image}); part
 *                    of the content tag
 */
public record ImageSpec(String name, String context, String dockerfile, String valuesPath,
                        Map<String, String> buildArgs, String target, ImageSource source, String pin,
                        Map<String, String> repo2docker) implements Serializable {
    private static final long serialVersionUID = 2L;

    public ImageSpec {
        buildArgs = buildArgs == null ? Map.of() : buildArgs;
        repo2docker = repo2docker == null ? Map.of() : repo2docker;
        source = source == null ? ImageSource.DOCKERFILE : source;
    }

    /** An image built from a Dockerfile. */
    public ImageSpec(String name, String context, String dockerfile, String valuesPath, Map<String, String> buildArgs,
                     String target) {
        this(name, context, dockerfile, valuesPath, buildArgs, target, ImageSource.DOCKERFILE, null, Map.of());
    }

    /** An image repo2docker builds from the files of {@code context} (no Dockerfile there). */
    public static ImageSpec repo2docker(String name, String context, String valuesPath, Map<String, String> options) {
        return new ImageSpec(name, context, null, valuesPath, Map.of(), null, ImageSource.REPO2DOCKER, null, options);
    }

    /** An image built elsewhere, deployed as pinned. */
    public static ImageSpec prebuilt(String name, String pin, String valuesPath) {
        return new ImageSpec(name, null, null, valuesPath, Map.of(), null, ImageSource.PREBUILT, pin, Map.of());
    }

    public boolean prebuilt() {
        return source == ImageSource.PREBUILT;
    }

    /** The pinned tag of a prebuilt image, or null (a digest-only pin, or a built image). */
    public String pinnedTag() {
        if (pin == null) {
            return null;
        }
        int at = pin.indexOf('@');
        if (at >= 0) {
            return at == 0 ? null : pin.substring(0, at);
        }
        return pin.startsWith("sha256:") ? null : pin;
    }

    /** The pinned digest ({@code sha256:HEX}) of a prebuilt image, or null. */
    public String pinnedDigest() {
        if (pin == null) {
            return null;
        }
        int at = pin.indexOf('@');
        if (at >= 0) {
            return pin.substring(at + 1);
        }
        return pin.startsWith("sha256:") ? pin : null;
    }
}
