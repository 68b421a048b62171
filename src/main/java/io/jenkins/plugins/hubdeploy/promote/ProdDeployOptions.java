package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;

import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link ProdDeployer} deploys and tests prod.
 *
 * @param deploy the deploy's options; its environment is the one deployed (prod). Its timeout also bounds the
 *               rollback and the rollout wait after it.
 * @param smoke  what the prod smoke test checks: fields left null come from the deployment's {@code smoke:}
 *               settings and the environment's {@code hubUrl}; its JUnit/report files get an
 *               {@code -after-rollback} twin for the second run
 */
public record ProdDeployOptions(DeployOptions deploy, SmokeRequest smoke) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String PROD = "prod";

    public ProdDeployOptions {
        Objects.requireNonNull(deploy, "deploy");
        Objects.requireNonNull(smoke, "smoke");
    }

    /** Deploy {@code environment} with the default deploy options; smoke it with the configured settings. */
    public static ProdDeployOptions defaults(String environment) {
        return new ProdDeployOptions(DeployOptions.defaults(environment), smokeOf(environment));
    }

    /** A smoke request that takes everything from the configuration of {@code environment}. */
    public static SmokeRequest smokeOf(String environment) {
        return smokeOf(environment, null);
    }

    /**
     * A smoke request with the configuration of {@code environment}, against {@code hubUrl} when given (else the
     * environment's {@code hubUrl}).
     */
    public static SmokeRequest smokeOf(String environment, String hubUrl) {
        return new SmokeRequest(hubUrl, environment, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }
}
