package io.jenkins.plugins.hubdeploy.config;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

/** What a deployment name and an environment name may be, for the loader and for the step forms alike. */
public final class NameRules {
    /** An environment name becomes part of a namespace and a release name. */
    public static final int ENVIRONMENT_MAX = 30;

    private NameRules() {
    }

    /** A deployment is the name of a directory under {@code deployments/}, never a path. */
    public static void checkDeployment(String name) throws HubDeployException {
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw HubDeployException.usage("Deployment name '" + name + "' is not a name: pass the directory name under "
                    + ConfigLoader.DEPLOYMENTS_DIR + "/ (e.g. -d datahub), not a path.");
        }
    }

    public static boolean isEnvironmentName(String env) {
        return env.length() <= ENVIRONMENT_MAX && Rules.DNS_LABEL.matcher(env).matches();
    }

    /** Exit 2 for a name no configuration can define (the loader refuses such environments). */
    public static void checkEnvironment(String env) throws HubDeployException {
        if (!isEnvironmentName(env)) {
            throw HubDeployException.usage("'" + env + "' is not a usable environment name: use lowercase letters,"
                    + " digits and '-', at most " + ENVIRONMENT_MAX + " characters (e.g. staging)");
        }
    }
}
