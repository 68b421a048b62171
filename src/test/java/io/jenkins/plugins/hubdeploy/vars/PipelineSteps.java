package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.MethodSignature;
import com.lesfurets.jenkins.unit.PipelineTestHelper;
import groovy.lang.Closure;
import groovy.lang.GString;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * This plugin's steps and the steps around them ({@code withKubeConfig}, {@code container}, {@code junit},
 * {@code catchError}, {@code error}, {@code sh} with {@code returnStatus}, {@code dir}), simulated for JenkinsPipelineUnit: every call is recorded in order as
 * {@code name(key: value, ...)}, results look like the real steps' result maps, and a test can make a step fail the
 * way the real one fails the build (an exception). The Groovy that calls them is the real script.
 */
final class PipelineSteps {
    /** Every call, in order: {@code buildHubImage(deployment: datahub, push: false)}. */
    final List<String> calls = new ArrayList<>();
    /** Steps that fail: a step name, or {@code promoteToProd:<mode>}. */
    final Set<String> failing = new HashSet<>();
    private boolean smokeFailed;
    /** helmDeployStaging(changed: true) answers "nothing changed" (the real step's skip result). */
    boolean unchanged;
    /**
     * Deployments unchanged since the commit live on staging: helmDeployStaging(changed: true) skips them, and
     * promoteToProd(mode: 'record') answers as the real engine does for them: the evidence carried over.
     */
    final Set<String> unchangedDeployments = new HashSet<>();
    /**
     * The exit status of the pipelines' {@code sh} probe for a pull request's target branch ({@code git rev-parse
     * origin/<target>}): 0 the clone has it (GitHub Branch Source's merge strategy fetches it), 1 it does not (the
     * head strategy), 127 no git where the probe runs.
     */
    int targetBranchProbe;

    void register(PipelineTestHelper helper) {
        step(helper, "buildHubImage", args -> {
            if (args.get("changedSince") != null && isUnchanged(args)) {
                // the real step's answer: a list holding one map that says why nothing was built
                return List.of(Map.of("deployment", args.getOrDefault("deployment", "hub"), "environment", "staging",
                        "skipped", "no input changed since " + args.get("changedSince") + " (abc123)"));
            }
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("image", "registry.example.org/datahub/user-image:h0123456789abcdef0123");
            image.put("built", true);
            image.put("pushed", args.get("push"));
            image.put("digest", Boolean.TRUE.equals(args.get("push")) ? "sha256:" + "a".repeat(64) : null);
            return List.of(image);
        });
        step(helper, "helmDeployStaging", args -> Boolean.TRUE.equals(args.get("changed")) && isUnchanged(args)
                ? Map.of("deployment", args.getOrDefault("deployment", "hub"), "skipped", "no input changed since abc123")
                : Map.of("release", args.getOrDefault("deployment", "hub") + "-staging", "revision", 7,
                        "valuesDiff", List.of("~ a: 1 -> 2")));
        step(helper, "runHubSmokeTests", args -> Map.of("passed", 9, "hubVersion", "5.2.1"));
        step(helper, "promoteToProd", args -> {
            Object mode = args.get("mode");
            // record exits 1 when the smoke report it binds failed: the failure is recorded, the step fails
            if (failing.contains("promoteToProd:" + mode) || ("record".equals(mode) && smokeFailed)) {
                throw new IllegalStateException("promoteToProd " + mode + " refused");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("mode", mode);
            if ("record".equals(mode)) {
                result.put("carriedOver", isUnchanged(args) ? Map.of("commit", "abc123", "reason",
                        "no input changed since the live commit abc123") : null);
            }
            result.put("pullRequest", Map.of("number", 12, "url", "https://github.com/o/r/pull/12"));
            return result;
        });
        step(helper, "pinHubImage", args -> Map.of("branch", "hubdeploy/pin-user-image-h0123456789a", "created", true,
                "pullRequest", Map.of("number", 31, "url", "https://github.com/o/deployments/pull/31")));
        step(helper, "junit", args -> null);
        helper.registerAllowedMethod("withKubeConfig", List.of(Map.class, Closure.class), new Closure<Object>(this) {
            @SuppressWarnings("unused")
            public Object doCall(Map<String, Object> options, Closure<?> body) {
                calls.add("withKubeConfig(" + options.get("credentialsId") + ")");
                return body.call();
            }
        });
        helper.registerAllowedMethod("container", List.of(String.class, Closure.class), new Closure<Object>(this) {
            @SuppressWarnings("unused")
            public Object doCall(String name, Closure<?> body) {
                calls.add("container(" + name + ")");
                return body.call();
            }
        });
        helper.registerAllowedMethod("catchError", List.of(Map.class, Closure.class), new Closure<Object>(this) {
            @SuppressWarnings("unused")
            public Object doCall(Map<String, Object> options, Closure<?> body) {
                try {
                    return body.call();
                } catch (RuntimeException e) {
                    calls.add("catchError(" + e.getMessage() + ")");
                    return null;
                }
            }
        });
        helper.registerAllowedMethod(MethodSignature.method("sh", Map.class), (Function<Object, Object>) raw -> {
            Map<?, ?> args = (Map<?, ?>) raw;
            calls.add("sh(" + args.get("script") + ")");
            if (!Boolean.TRUE.equals(args.get("returnStatus"))) {
                throw new IllegalStateException("only sh(returnStatus: true) is simulated: " + args);
            }
            return targetBranchProbe;
        });
        helper.registerAllowedMethod("dir", List.of(String.class, Closure.class), new Closure<Object>(this) {
            @SuppressWarnings("unused")
            public Object doCall(String path, Closure<?> body) {
                calls.add("dir(" + path + ")");
                return body.call();
            }
        });
        helper.registerAllowedMethod(MethodSignature.method("error", String.class),
                (Function<Object, Object>) message -> {
                    throw new IllegalStateException(String.valueOf(message));
                });
    }

    private boolean isUnchanged(Map<String, Object> args) {
        return unchanged || unchangedDeployments.contains(String.valueOf(args.get("deployment")));
    }

    /** The calls of one step, in order. */
    List<String> of(String step) {
        return calls.stream().filter(call -> call.startsWith(step + "(")).toList();
    }

    /** The calls of this plugin's steps, withKubeConfig and container, in order (no junit, catchError, sh, dir). */
    List<String> product() {
        return calls.stream().filter(call -> !call.startsWith("junit(") && !call.startsWith("catchError(")
                && !call.startsWith("sh(") && !call.startsWith("dir(")).toList();
    }

    private void step(PipelineTestHelper helper, String name, Function<Map<String, Object>, Object> result) {
        helper.registerAllowedMethod(MethodSignature.method(name, Map.class), (Function<Object, Object>) raw -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> args = plain((Map<String, Object>) raw);
            calls.add(format(name, args));
            if (failing.contains(name)) {
                if (name.equals("runHubSmokeTests")) {
                    smokeFailed = true;
                    throw new IllegalStateException("smoke: 1 of 9 checks failed");
                }
                throw new IllegalStateException(name + " failed");
            }
            return result.apply(args);
        });
    }

    /** Groovy's GString values as the String a step receives. */
    private static Map<String, Object> plain(Map<String, Object> args) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((key, value) -> out.put(key, value instanceof GString ? value.toString() : value));
        return out;
    }

    static String format(String name, Map<String, Object> args) {
        return name + "(" + args.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
