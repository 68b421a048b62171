package io.jenkins.plugins.hubdeploy.config;

import java.io.Serializable;
import java.util.List;

/**
 * @param values helm values files in the order they are layered (common, env, secrets), repository-relative
 * @param hubUrl the hub's public URL, used by the smoke tests; may be null
 */
public record EnvironmentSpec(String name, String namespace, List<String> values, String hubUrl) implements Serializable {
}
