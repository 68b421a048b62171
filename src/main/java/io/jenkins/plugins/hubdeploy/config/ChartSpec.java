package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;

/**
 * @param path    chart directory (repository-relative) or a chart reference such as {@code jupyterhub/jupyterhub}
 * @param release release name template; {@code {deployment}} and {@code {env}} are replaced
 * @param version chart version for repository charts, or null
 */
public record ChartSpec(String path, String release, String version) implements Serializable {
    public String releaseFor(String deployment, String env) {
        return release.replace("{deployment}", deployment).replace("{env}", env);
    }
}
