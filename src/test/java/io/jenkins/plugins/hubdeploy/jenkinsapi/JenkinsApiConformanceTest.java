package io.jenkins.plugins.hubdeploy.jenkinsapi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every compile-only declaration under {@code src/jenkins-api/java} (and its nested types) is a faithful subset of
 * the real Jenkins 2.479.3 API recorded in {@code signatures.txt}.
 */
class JenkinsApiConformanceTest {
    static final Path DECLARATIONS = Path.of(System.getProperty("basedir", "."), "src", "jenkins-api", "java");

    private static ApiSignatures signatures;

    @BeforeAll
    static void loadSignatures() throws IOException {
        signatures = ApiSignatures.load();
    }

    @Test
    void everyDeclarationMatchesTheRealApi() throws Exception {
        List<Class<?>> declared = declaredClasses();
        DeclarationChecker checker = new DeclarationChecker(signatures);
        List<String> violations = new ArrayList<>();
        for (Class<?> c : declared) {
            violations.addAll(checker.check(c));
        }
        System.out.printf("checked %d Jenkins API declarations against %d class records%n", declared.size(),
                signatures.classCount());
        assertThat(violations).as("drift from signatures.txt").isEmpty();
        assertThat(declared).extracting(Class::getName)
                .contains("hudson.Extension", "hudson.FilePath$FileCallable", "hudson.Launcher$ProcStarter",
                        "org.jenkinsci.plugins.workflow.steps.StepDescriptor", "jenkins.MasterToSlaveFileCallable",
                        // the step forms (issue 13)
                        "hudson.util.ListBoxModel$Option", "hudson.util.FormValidation$Kind", "hudson.model.Item",
                        "com.cloudbees.plugins.credentials.common.StandardListBoxModel",
                        "com.cloudbees.plugins.credentials.CredentialsMatchers", "jenkins.model.Jenkins",
                        "org.kohsuke.stapler.QueryParameter", "org.kohsuke.stapler.AncestorInPath",
                        "org.kohsuke.stapler.verb.POST");
    }

    @Test
    void declarationsAreNotPartOfThePluginPackage() throws Exception {
        assertThat(declaredClasses()).extracting(Class::getName)
                .noneMatch(name -> name.startsWith("io.jenkins.plugins.hubdeploy"));
    }

    /** The top-level classes named by the .java files, plus their nested types. */
    static List<Class<?>> declaredClasses() throws IOException, ClassNotFoundException {
        assertThat(DECLARATIONS).as("declarations directory").isDirectory();
        List<Class<?>> classes = new ArrayList<>();
        List<String> names;
        try (Stream<Path> files = Files.walk(DECLARATIONS)) {
            names = files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> DECLARATIONS.relativize(p).toString().replace('\\', '/'))
                    .map(p -> p.substring(0, p.length() - ".java".length()).replace('/', '.'))
                    .sorted().toList();
        }
        ClassLoader loader = JenkinsApiConformanceTest.class.getClassLoader();
        for (String name : names) {
            addWithNested(Class.forName(name, false, loader), classes);
        }
        return classes;
    }

    private static void addWithNested(Class<?> c, List<Class<?>> out) {
        out.add(c);
        for (Class<?> nested : c.getDeclaredClasses()) {
            addWithNested(nested, out);
        }
    }
}
