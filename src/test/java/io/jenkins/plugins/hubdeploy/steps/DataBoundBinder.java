package io.jenkins.plugins.hubdeploy.steps;

import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.beans.Introspector;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds named arguments the way Pipeline's DescribableModel (structs) does for {@code step(name: value)}: the
 * {@code @DataBoundConstructor} gets the arguments named like its parameters (names from reflection, hence
 * {@code -parameters}), then every remaining argument goes to the {@code @DataBoundSetter} of that property.
 * An argument that matches neither is an error, as it is in Pipeline.
 */
final class DataBoundBinder {
    private DataBoundBinder() {
    }

    static <T> T bind(Class<T> type, Map<String, ?> arguments) throws ReflectiveOperationException {
        Map<String, Object> remaining = new LinkedHashMap<>(arguments);
        Constructor<?> constructor = dataBoundConstructor(type);
        List<Object> values = new ArrayList<>();
        for (Parameter parameter : constructor.getParameters()) {
            if (!parameter.isNamePresent()) {
                throw new IllegalStateException(type.getName() + " was compiled without -parameters: constructor"
                        + " parameter names are not available to Pipeline");
            }
            values.add(remaining.remove(parameter.getName()));
        }
        T instance = type.cast(constructor.newInstance(values.toArray()));
        Map<String, Method> setters = dataBoundSetters(type);
        for (Map.Entry<String, Object> argument : remaining.entrySet()) {
            Method setter = setters.get(argument.getKey());
            if (setter == null) {
                throw new IllegalArgumentException("WorkflowScript: Invalid parameter \"" + argument.getKey()
                        + "\", did you mean one of " + setters.keySet() + "?");
            }
            try {
                setter.invoke(instance, argument.getValue());
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException("setting " + argument.getKey() + " failed", e.getCause());
            }
        }
        return instance;
    }

    static Constructor<?> dataBoundConstructor(Class<?> type) {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                return constructor;
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no public @DataBoundConstructor");
    }

    /** property name -> setter, for every public {@code @DataBoundSetter setX(value)}. */
    static Map<String, Method> dataBoundSetters(Class<?> type) {
        Map<String, Method> setters = new LinkedHashMap<>();
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(DataBoundSetter.class)) {
                if (!method.getName().startsWith("set") || method.getParameterCount() != 1) {
                    throw new IllegalArgumentException(method + " is not a one-argument setter");
                }
                setters.put(Introspector.decapitalize(method.getName().substring(3)), method);
            }
        }
        return setters;
    }

    /** Every name a Pipeline user can pass: constructor parameters and setter properties. */
    static List<String> parameterNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : dataBoundConstructor(type).getParameters()) {
            names.add(parameter.getName());
        }
        names.addAll(dataBoundSetters(type).keySet());
        return names;
    }
}
