package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;
import java.util.Map;

/**
 * One image the deployment builds.
 *
 * @param name       repository without tag, e.g. {@code registry.example.org/datahub/user-image}
 * @param context    build context directory (repository-relative)
 * @param dockerfile the Dockerfile (repository-relative; usually inside the context)
 * @param valuesPath dotted path in the helm values where {@code name} and {@code tag} go, e.g.
 *                   {@code jupyterhub.singleuser.image}
 * @param buildArgs  {@code --build-arg} values; part of the content tag
 * @param target     multi-stage target, or null
 */
public record ImageSpec(String name, String context, String dockerfile, String valuesPath,
                        Map<String, String> buildArgs, String target) implements Serializable {
}
