package io.jenkins.plugins.hubdeploy.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pipeline's named arguments made bindable before structs binds them ({@code StepDescriptor.newInstance}): structs
 * never turns a number into a String, so {@code timeout: 45} would fail against a String parameter; and a parameter
 * typed {@code Map} shows an error type in the Pipeline Syntax reference, so maps travel as their JSON text.
 */
final class StepArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepArguments() {
    }

    /** {@code arguments} with a number under {@code key} replaced by its decimal text. */
    static Map<String, Object> numberAsText(Map<String, Object> arguments, String key) {
        Object value = arguments.get(key);
        if (!(value instanceof Number number)) {
            return arguments;
        }
        Map<String, Object> copy = new LinkedHashMap<>(arguments);
        copy.put(key, number instanceof Integer || number instanceof Long ? String.valueOf(number.longValue())
                : number.toString());
        return copy;
    }

    /** {@code arguments} with a map under {@code key} replaced by its JSON text. */
    static Map<String, Object> mapAsJson(String step, Map<String, Object> arguments, String key) throws AbortException {
        Object value = arguments.get(key);
        if (!(value instanceof Map<?, ?> map)) {
            return arguments;
        }
        Map<String, Object> copy = new LinkedHashMap<>(arguments);
        try {
            copy.put(key, JSON.writeValueAsString(JSON.valueToTree(map)));
        } catch (Exception e) {
            throw new AbortException(step + ": " + key + " must be a map of strings, numbers, booleans, lists and maps"
                    + " (or its JSON text), e.g. [profile: 'small']");
        }
        return copy;
    }
}
