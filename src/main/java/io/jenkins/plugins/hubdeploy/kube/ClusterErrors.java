package io.jenkins.plugins.hubdeploy.kube;

import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.util.List;
import java.util.Locale;

/**
 * Recognises helm/kubectl output that means "the cluster cannot be reached or refuses us" (an environment problem,
 * exit 3) as opposed to "the cluster answered and the deploy failed" (exit 1). The texts are client-go's.
 */
public final class ClusterErrors {
    private static final List<String> UNREACHABLE = List.of(
            "kubernetes cluster unreachable",
            "unable to connect to the server",
            "the connection to the server",
            "connection refused",
            "no such host",
            "i/o timeout",
            "tls handshake timeout",
            "x509: certificate",
            "provide credentials",
            "error: you must be logged in",
            "unauthorized",
            "invalid configuration: no configuration has been provided",
            "context was not found for specified context");

    private ClusterErrors() {
    }

    public static boolean unreachable(ProcessResult result) {
        String text = result.output().toLowerCase(Locale.ROOT);
        return UNREACHABLE.stream().anyMatch(text::contains);
    }

    /** The lines that say what went wrong: helm's/kubectl's {@code Error:} lines when there are any, else the tail. */
    public static String errorText(ProcessResult result) {
        List<String> errors = result.output().lines()
                .filter(l -> l.startsWith("Error:") || l.startsWith("error:") || l.startsWith("E0") || l.startsWith("UPGRADE FAILED"))
                .toList();
        String text = errors.isEmpty() ? result.tail(10) : String.join("\n", errors.subList(Math.max(0, errors.size() - 10), errors.size()));
        return text.isBlank() ? "(no output, exit code " + result.exitCode() + ")" : text;
    }
}
