package io.jenkins.plugins.hubdeploy.config;

import java.util.regex.Pattern;

/**
 * Formats the rest of the tool relies on (Kubernetes names, helm value paths, module names). Repeated groups are
 * possessive ({@code *+}): their parts are delimited, so it changes no answer, and java.util.regex then repeats them
 * in a loop instead of one stack frame per repetition (a 2,000-character value overflowed the stack).
 */
final class Rules {
    /** Kubernetes namespace (DNS-1123 label). */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Helm release name. */
    static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*+");
    static final int RELEASE_MAX = 53;
    static final int NAMESPACE_MAX = 63;
    /** A dotted path into helm values: jupyterhub.singleuser.image. */
    static final Pattern VALUES_PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*+");
    static final Pattern BUILD_ARG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern PYTHON_MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*+");
    static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?");
    static final Pattern HOST_PORT = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*+"
                    + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
    /** A JupyterHub user name we can put in a URL path without escaping. */
    static final Pattern HUB_USER = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** A chart from a helm repository (repo/chart) rather than a directory. */
    static final Pattern CHART_REFERENCE = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*");

    private Rules() {
    }

    /** Replaces {deployment} and {env}. */
    static String expand(String template, String deployment, String env) {
        return template.replace("{deployment}", deployment).replace("{env}", env);
    }

    /**
     * The first placeholder other than {deployment} and {env}, or null: from each '{' to the next '}'. A scan
     * rather than a regular expression's find() loop, which rescans to the end from every '{' (quadratic time on a
     * value of many '{').
     */
    static String unknownPlaceholder(String template) {
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', open + 1)) {
            int close = template.indexOf('}', open);
            if (close < 0) {
                return null;
            }
            String name = template.substring(open + 1, close);
            if (!name.equals("deployment") && !name.equals("env")) {
                return template.substring(open, close + 1);
            }
            open = close;
        }
        return null;
    }
}
