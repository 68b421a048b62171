package io.jenkins.plugins.hubdeploy.jenkinsapi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the conformance check fails on drift: each case compiles a deliberately wrong declaration of a Jenkins type
 * at test time (javax.tools), loads it child-first in place of the project's declaration and runs the very same
 * {@link DeclarationChecker} over it.
 */
class DriftedDeclarationTest {
    private static ApiSignatures signatures;

    @TempDir
    Path work;

    @BeforeAll
    static void loadSignatures() throws IOException {
        signatures = ApiSignatures.load();
    }

    static Stream<Arguments> drifts() {
        return Stream.of(
                Arguments.of("extra constructor", "hudson.AbortException", """
                        package hudson;
                        public class AbortException extends java.io.IOException {
                            public AbortException(String message, Throwable cause) { super(message, cause); }
                        }""", "hudson.AbortException.<init>(Ljava/lang/String;Ljava/lang/Throwable;)V: not declared"),
                Arguments.of("wrong superclass", "hudson.EnvVars", """
                        package hudson;
                        public class EnvVars extends java.util.HashMap<String, String> { public EnvVars() { } }""",
                        "hudson.EnvVars: superclass: signatures.txt says 'java.util.TreeMap'"),
                Arguments.of("class instead of interface", "hudson.ExtensionPoint", """
                        package hudson;
                        public class ExtensionPoint { }""", "hudson.ExtensionPoint: kind"),
                Arguments.of("abstract method made concrete", "hudson.Proc", """
                        package hudson;
                        public abstract class Proc {
                            protected Proc() { }
                            public int join() throws java.io.IOException, InterruptedException { return 0; }
                        }""", "hudson.Proc.join()I: modifiers: signatures.txt says 'abstract public'"),
                Arguments.of("missing checked exception", "hudson.Proc", """
                        package hudson;
                        public abstract class Proc {
                            protected Proc() { }
                            public abstract void kill() throws java.io.IOException;
                        }""", "hudson.Proc.kill()V: throws"),
                Arguments.of("wrong return type", "hudson.model.TaskListener", """
                        package hudson.model;
                        public interface TaskListener { java.io.PrintWriter getLogger(); }""",
                        "hudson.model.TaskListener.getLogger()Ljava/io/PrintWriter;: not declared"),
                Arguments.of("type parameter dropped", "jenkins.MasterToSlaveFileCallable", """
                        package jenkins;
                        @SuppressWarnings("rawtypes")
                        public abstract class MasterToSlaveFileCallable implements hudson.FilePath.FileCallable {
                            public MasterToSlaveFileCallable() { }
                        }""", "jenkins.MasterToSlaveFileCallable: type parameters: signatures.txt says 'T:java.lang.Object'"),
                Arguments.of("restricted member", "hudson.util.Secret", """
                        package hudson.util;
                        public final class Secret implements java.io.Serializable {
                            public static final boolean AUTO_ENCRYPT_PASSWORD_CONTROL = true;
                            private Secret() { }
                        }""", "AUTO_ENCRYPT_PASSWORD_CONTROLZ: @Restricted(NoExternalUse)"),
                Arguments.of("newer LTS only", "jenkins.agents.ControllerToAgentFileCallable", """
                        package jenkins.agents;
                        public interface ControllerToAgentFileCallable<T> extends hudson.FilePath.FileCallable<T> { }""",
                        "exists only in the newer LTS"),
                Arguments.of("annotation default changed", "hudson.Extension", """
                        package hudson;
                        @net.java.sezpoz.Indexable
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                        @java.lang.annotation.Target({java.lang.annotation.ElementType.TYPE,
                                java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.METHOD})
                        public @interface Extension { boolean optional() default true; }""",
                        "hudson.Extension.optional(): default expected false but was true"),
                Arguments.of("not Indexable", "hudson.Extension", """
                        package hudson;
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                        @java.lang.annotation.Target({java.lang.annotation.ElementType.TYPE,
                                java.lang.annotation.ElementType.FIELD, java.lang.annotation.ElementType.METHOD})
                        public @interface Extension { }""", "must be meta-annotated @net.java.sezpoz.Indexable"),
                Arguments.of("String element default changed", "org.kohsuke.stapler.QueryParameter", """
                        package org.kohsuke.stapler;
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                        @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
                        public @interface QueryParameter { String value() default "value"; }""",
                        "QueryParameter.value(): default expected \"\" but was \"value\""),
                Arguments.of("invented permission", "hudson.model.Item", """
                        package hudson.model;
                        public interface Item extends hudson.security.AccessControlled {
                            hudson.security.Permission USE = null;
                        }""", "hudson.model.Item.USELhudson/security/Permission;: not declared"),
                Arguments.of("invented type", "hudson.NotInJenkins", """
                        package hudson;
                        public class NotInJenkins { }""", "hudson.NotInJenkins: no class record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void driftIsReported(String description, String className, String source, String expected) throws Exception {
        Class<?> drifted = compileAndLoad(className, source);

        List<String> violations = new DeclarationChecker(signatures).check(drifted);

        assertThat(drifted.getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThat(violations).as(description).anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void faithfulCopyCompiledTheSameWayPasses() throws Exception {
        Class<?> copy = compileAndLoad("hudson.AbortException", """
                package hudson;
                public class AbortException extends java.io.IOException {
                    public AbortException(String message) { super(message); }
                }""");

        assertThat(copy.getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThat(new DeclarationChecker(signatures).check(copy)).isEmpty();
    }

    private Class<?> compileAndLoad(String className, String source) throws Exception {
        Path src = work.resolve("src").resolve(className.replace('.', '/') + ".java");
        Path out = work.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(out);
        Files.writeString(src, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-proc:none", "-parameters",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString(), src.toString());
        assertThat(rc).as("javac: " + diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        ClassLoader loader = new ChildFirstLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
        return Class.forName(className, false, loader);
    }

    /** Loads what the temp directory holds itself, so the drifted class shadows the project's declaration. */
    private static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
