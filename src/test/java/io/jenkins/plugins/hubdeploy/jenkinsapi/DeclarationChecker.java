package io.jenkins.plugins.hubdeploy.jenkinsapi;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks one compile-only declaration, loaded by reflection, against {@link ApiSignatures}: what the JVM links
 * against (kind, {public,protected,abstract,static}, superclass, interfaces, type parameters, members by owner +
 * name + descriptor with modifiers and throws) plus annotation retention/target/meta-annotations and element
 * defaults. Records flagged {@code restricted=} or present only in the newer LTS ({@code lts=only}) are rejected.
 * Returns the violations; empty means the declaration is a faithful subset.
 */
final class DeclarationChecker {
    private static final Set<String> LINKAGE_MODIFIERS = Set.of("public", "protected", "abstract", "static");

    private final ApiSignatures signatures;

    DeclarationChecker(ApiSignatures signatures) {
        this.signatures = signatures;
    }

    List<String> check(Class<?> c) {
        List<String> violations = new ArrayList<>();
        String owner = c.getName();
        ApiSignatures.Rec rec = signatures.classRecord(owner);
        if (rec == null) {
            violations.add(owner + ": no class record in signatures.txt (not Jenkins API, or misspelt)");
            return violations;
        }
        rejectUnusable(owner, rec, violations);
        expect(violations, owner + ": kind", rec.get("kind"), kind(c));
        expect(violations, owner + ": modifiers", linkage(rec.get("mods")), linkage(c.getModifiers()));
        expect(violations, owner + ": superclass", rec.get("super"),
                c.getSuperclass() == null ? "-" : c.getSuperclass().getName());
        List<String> allowed = list(rec.get("interfaces"));
        for (Class<?> i : c.getInterfaces()) {
            if (!allowed.contains(i.getName())) {
                violations.add(owner + ": implements " + i.getName() + ", which the real type does not");
            }
        }
        expect(violations, owner + ": type parameters", rec.get("typeParams"), typeParams(c.getTypeParameters()));
        if (c.isAnnotation()) {
            checkAnnotationType(c, rec, violations);
        }
        for (Constructor<?> ctor : c.getDeclaredConstructors()) {
            if (visible(ctor.getModifiers()) && !ctor.isSynthetic()) {
                Class<?>[] params = ctor.getParameterTypes();
                if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers()) && params.length > 0) {
                    params = Arrays.copyOfRange(params, 1, params.length); // the implicit outer instance
                }
                checkMember(owner, "<init>", descriptor(params, void.class), ctor.getModifiers(), false,
                        ctor.getExceptionTypes(), violations);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                ApiSignatures.Rec member = checkMember(owner, m.getName(),
                        descriptor(m.getParameterTypes(), m.getReturnType()), m.getModifiers(), m.isDefault(),
                        m.getExceptionTypes(), violations);
                if (member != null && c.isAnnotation()) {
                    checkElementDefault(owner, m, member, violations);
                }
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                checkMember(owner, f.getName(), f.getType().descriptorString(), f.getModifiers(), false, null,
                        violations);
            }
        }
        return violations;
    }

    private ApiSignatures.Rec checkMember(String owner, String name, String desc, int modifiers, boolean isDefault,
                                          Class<?>[] exceptions, List<String> violations) {
        String where = owner + "." + name + desc;
        ApiSignatures.Rec rec = signatures.member(owner, name, desc);
        if (rec == null) {
            violations.add(where + ": not declared by the real type (no record with this owner, name and descriptor)");
            return null;
        }
        rejectUnusable(where, rec, violations);
        expect(violations, where + ": modifiers", linkage(rec.get("mods")), linkage(modifiers));
        expect(violations, where + ": default method", String.valueOf(words(rec.get("mods")).contains("default")),
                String.valueOf(isDefault));
        if (exceptions != null) {
            Set<String> expected = new TreeSet<>(list(rec.get("throws")));
            Set<String> actual = Arrays.stream(exceptions).map(Class::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            expect(violations, where + ": throws", expected.toString(), actual.toString());
        }
        return rec;
    }

    private static void rejectUnusable(String where, ApiSignatures.Rec rec, List<String> violations) {
        String restricted = rec.flags().get("restricted");
        if (restricted != null) {
            violations.add(where + ": @Restricted(" + restricted + ") in Jenkins; plugins must not use it");
        }
        if (rec.ltsOnly()) {
            violations.add(where + ": exists only in the newer LTS (lts=only), not in the 2.479.3 baseline");
        }
    }

    private static void checkAnnotationType(Class<?> c, ApiSignatures.Rec rec, List<String> violations) {
        var flags = rec.flags();
        Retention retention = c.getAnnotation(Retention.class);
        if (flags.containsKey("retention")) {
            expect(violations, c.getName() + ": retention", flags.get("retention"),
                    retention == null ? "CLASS" : retention.value().name());
        }
        if (flags.containsKey("target")) {
            Target target = c.getAnnotation(Target.class);
            expect(violations, c.getName() + ": target", new TreeSet<>(list(flags.get("target"))).toString(),
                    target == null ? "-" : Arrays.stream(target.value()).map(ElementType::name)
                            .collect(Collectors.toCollection(TreeSet::new)).toString());
        }
        if (flags.containsKey("meta")) {
            for (String meta : list(flags.get("meta"))) {
                boolean present = Arrays.stream(c.getAnnotations()).map(Annotation::annotationType)
                        .anyMatch(t -> t.getName().equals(meta));
                if (!present) {
                    violations.add(c.getName() + ": must be meta-annotated @" + meta);
                }
            }
        }
    }

    private static void checkElementDefault(String owner, Method m, ApiSignatures.Rec rec, List<String> violations) {
        String expected = rec.flags().get("annotationDefault");
        Object value = m.getDefaultValue();
        String actual = value == null ? null
                : value instanceof Class<?> type ? type.getName() + ".class"
                : value instanceof Enum<?> constant ? constant.name()
                // javac prints a String element default as its source literal, quotes included
                : value instanceof String text ? "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : String.valueOf(value);
        if (expected == null ? actual != null : !expected.equals(actual)) {
            violations.add(owner + "." + m.getName() + "(): default expected " + expected + " but was " + actual);
        }
    }

    static String kind(Class<?> c) {
        return c.isAnnotation() ? "annotation" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
    }

    private static String typeParams(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "-";
        }
        return Arrays.stream(vars).map(v -> v.getName() + ":" + erasure(v.getBounds()[0]))
                .collect(Collectors.joining(","));
    }

    private static String erasure(Type type) {
        if (type instanceof Class<?> c) {
            return c.getTypeName();
        }
        if (type instanceof ParameterizedType p) {
            return erasure(p.getRawType());
        }
        if (type instanceof TypeVariable<?> v) {
            return erasure(v.getBounds()[0]);
        }
        return type.getTypeName();
    }

    static String descriptor(Class<?>[] params, Class<?> returns) {
        return Arrays.stream(params).map(Class::descriptorString).collect(Collectors.joining("", "(", ")"))
                + returns.descriptorString();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String linkage(String mods) {
        return words(mods).stream().filter(LINKAGE_MODIFIERS::contains).sorted().collect(Collectors.joining(" "));
    }

    private static String linkage(int modifiers) {
        return words(Modifier.toString(modifiers)).stream().filter(LINKAGE_MODIFIERS::contains).sorted()
                .collect(Collectors.joining(" "));
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static List<String> list(String value) {
        return value.isEmpty() || value.equals("-") ? List.of() : List.of(value.split(","));
    }

    private static void expect(List<String> violations, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            violations.add(what + ": signatures.txt says '" + expected + "' but the declaration has '" + actual + "'");
        }
    }
}
