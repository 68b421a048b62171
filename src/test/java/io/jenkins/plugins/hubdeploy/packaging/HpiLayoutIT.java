package io.jenkins.plugins.hubdeploy.packaging;

import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The built {@code target/jupyterhub-deploy.hpi} has maven-hpi-plugin's layout and manifest (facts in
 * ../shared/jenkins-api/README.md), so Jenkins can install it.
 */
class HpiLayoutIT {
    private static final String INNER_JAR = "WEB-INF/lib/jupyterhub-deploy.jar";
    private static final String DESCRIPTOR = "io.jenkins.plugins.hubdeploy.steps.BuildHubImageStep$DescriptorImpl";
    private static final String HELM_DESCRIPTOR = "io.jenkins.plugins.hubdeploy.steps.HelmDeployStagingStep$DescriptorImpl";
    private static final String SMOKE_DESCRIPTOR =
            "io.jenkins.plugins.hubdeploy.steps.RunHubSmokeTestsStep$DescriptorImpl";
    /** Jackson and SnakeYAML come from the jackson2-api (and snakeyaml-api) library plugins, never bundled. */
    private static final List<String> LIBRARY_PLUGIN_JARS = List.of("jackson-", "snakeyaml-");
    private static final String PROMOTE_DESCRIPTOR =
            "io.jenkins.plugins.hubdeploy.steps.PromoteToProdStep$DescriptorImpl";
    private static final String PIN_DESCRIPTOR = "io.jenkins.plugins.hubdeploy.steps.PinHubImageStep$DescriptorImpl";

    private static Path hpi;

    @TempDir
    Path work;

    @BeforeAll
    static void findHpi() throws IOException {
        String property = System.getProperty("hubdeploy.hpi");
        hpi = property == null ? null : Path.of(property);
        if (hpi == null || !Files.isRegularFile(hpi)) {
            String message = "no .hpi at " + property + ": run `mvn -B verify` (the package phase builds it)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        System.out.printf("%s: %d bytes (%.1f MiB)%n", hpi.getFileName(), Files.size(hpi),
                Files.size(hpi) / 1024.0 / 1024.0);
    }

    @Test
    void manifestHasWhatJenkinsReads() throws IOException {
        Attributes main = hpiManifest().getMainAttributes();

        assertThat(main.getValue("Manifest-Version")).isEqualTo("1.0");
        assertThat(main.getValue("Created-By")).isNotBlank();
        assertThat(main.getValue("Build-Jdk-Spec")).isEqualTo("17");
        assertThat(main.getValue("Specification-Title")).isEqualTo("JupyterHub Deploy");
        assertThat(main.getValue("Implementation-Title")).isEqualTo("JupyterHub Deploy");
        assertThat(main.getValue("Implementation-Version")).isNotBlank();
        assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
        assertThat(main.getValue("Artifact-Id")).isEqualTo("jupyterhub-deploy");
        assertThat(main.getValue("Short-Name")).isEqualTo("jupyterhub-deploy");
        assertThat(main.getValue("Long-Name")).isEqualTo("JupyterHub Deploy");
        assertThat(main.getValue("Plugin-Version")).isEqualTo(main.getValue("Implementation-Version"));
        assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.479.3");
        assertThat(main.getValue("Hudson-Version")).isEqualTo("2.479.3");
        assertThat(main.getValue("Url")).startsWith("https://");
        assertThat(main.getValue("Plugin-Developers")).as("written, empty when the POM names no developer").isNotNull();
        assertThat(main.getValue("Extension-Name")).as("maven-hpi-plugin does not write it").isNull();
        List<String> dependencies = List.of(main.getValue("Plugin-Dependencies").split(","));
        assertThat(dependencies).contains("workflow-step-api:710.v3e456cc85233", "credentials:1453.v9b_a_29777a_b_fd",
                "plain-credentials:199.v9f8e1f741799", "jackson2-api:2.17.0-379.v02de8ec9f64c");
        // PluginWrapper.Dependency parses name:version[;resolution:=optional]
        assertThat(dependencies).allMatch(d -> d.matches("[a-z0-9-]+:[A-Za-z0-9._-]+(;resolution:=optional)?"));
    }

    @Test
    void innerJarCarriesTheSameManifest() throws IOException {
        try (ZipFile zip = new ZipFile(hpi.toFile())) {
            byte[] outer = zip.getInputStream(zip.getEntry(JarFile.MANIFEST_NAME)).readAllBytes();
            byte[] inner;
            try (JarFile jar = new JarFile(innerJar().toFile())) {
                inner = jar.getInputStream(jar.getEntry(JarFile.MANIFEST_NAME)).readAllBytes();
            }
            assertThat(new String(outer, StandardCharsets.UTF_8)).isEqualTo(new String(inner, StandardCharsets.UTF_8));
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(hpi))) {
            assertThat(in.getManifest()).as("manifest readable as a jar's (first entries)").isNotNull();
        }
    }

    @Test
    void webInfLibHoldsThePluginJarAndTheRuntimeLibrariesOnly() throws IOException {
        List<String> entries = entries(hpi);
        List<String> libs = entries.stream().filter(e -> e.startsWith("WEB-INF/lib/") && e.endsWith(".jar"))
                .map(e -> e.substring("WEB-INF/lib/".length())).sorted().toList();

        assertThat(libs).containsExactly("jupyterhub-deploy.jar");
        for (String prefix : LIBRARY_PLUGIN_JARS) {
            assertThat(libs).as(prefix + " comes from a library plugin").noneMatch(name -> name.startsWith(prefix));
        }
        assertThat(libs).noneMatch(name -> name.startsWith("picocli") || name.startsWith("guava")
                || name.startsWith("sezpoz") || name.startsWith("junit") || name.startsWith("assertj"));
        assertThat(entries).noneMatch(e -> e.startsWith("WEB-INF/classes/"));
        assertThat(entries).allMatch(e -> e.startsWith("META-INF/") || e.startsWith("WEB-INF/"));
    }

    @Test
    void pluginJarHasItsClassesIndexJellyAndNoJenkinsDeclarations() throws IOException {
        List<String> entries = entries(innerJar());

        assertThat(entries).contains("index.jelly", "META-INF/annotations/hudson.Extension",
                "io/jenkins/plugins/hubdeploy/steps/BuildHubImageStep.class",
                "io/jenkins/plugins/hubdeploy/steps/BuildHubImageStep/config.jelly",
                "io/jenkins/plugins/hubdeploy/steps/BuildHubImageStep/help.html");
        assertThat(entries.stream().filter(e -> e.endsWith(".class")))
                .as("only the plugin's own classes: no hudson/, jenkins/, org/, com/ declarations")
                .isNotEmpty()
                .allMatch(e -> e.startsWith("io/jenkins/plugins/hubdeploy/"));
        assertThat(entries).noneMatch(e -> e.startsWith("hudson/") || e.startsWith("jenkins/")
                || e.startsWith("org/") || e.startsWith("com/") || e.startsWith("net/"));
        assertThat(entries).as("the CLI (which needs picocli, not bundled) stays out of Jenkins")
                .noneMatch(e -> e.startsWith("io/jenkins/plugins/hubdeploy/cli/"))
                .contains("io/jenkins/plugins/hubdeploy/run/ImageBuildRun.class");
    }

    @Test
    void extensionIndexListsTheStepDescriptor() throws Exception {
        Path jar = innerJar();
        List<String> indexed;
        try (IndexLoader loader = new IndexLoader(jar, hpi.toAbsolutePath().getParent().resolve("classes"))) {
            indexed = indexedClassNames(Class.forName("hudson.Extension", false, loader)
                    .asSubclass(Annotation.class), loader);
        }
        assertThat(indexed).containsExactlyInAnyOrder(DESCRIPTOR, HELM_DESCRIPTOR, SMOKE_DESCRIPTOR, PROMOTE_DESCRIPTOR,
                PIN_DESCRIPTOR);

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry debug = zip.getEntry("META-INF/annotations/hudson.Extension.txt");
            if (debug != null) {
                assertThat(new String(zip.getInputStream(debug).readAllBytes(), StandardCharsets.UTF_8))
                        .contains(DESCRIPTOR).contains(HELM_DESCRIPTOR).contains(SMOKE_DESCRIPTOR)
                        .contains(PROMOTE_DESCRIPTOR).contains(PIN_DESCRIPTOR);
            }
        }
    }

    /**
     * Issue 7, item 14: the install sections of README.md and docs/jenkins.md name exactly the plugins (and versions)
     * of the manifest's Plugin-Dependencies, read from the built .hpi: a new dependency cannot go undocumented.
     */
    @Test
    void installDocsListExactlyThePluginDependencies() throws IOException {
        Set<String> manifest = new java.util.TreeSet<>(List.of(hpiManifest().getMainAttributes()
                .getValue("Plugin-Dependencies").split(",")));

        for (String doc : List.of("README.md", "docs/jenkins.md")) {
            assertThat(documentedDependencies(Path.of(doc))).as(doc).isEqualTo(manifest);
        }
    }

    /** The rows {@code | `name` | version | why |} of the table whose header names Plugin-Dependencies. */
    static Set<String> documentedDependencies(Path doc) throws IOException {
        Set<String> found = new java.util.TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("|") && line.contains("Plugin-Dependencies")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                found.add(cells[1].strip().replace("`", "") + ":" + cells[2].strip());
            }
        }
        return found;
    }

    /** What Jenkins' ExtensionFinder.Sezpoz does: {@code Index.load(Extension.class, Object.class, pluginLoader)}. */
    private static <A extends Annotation> List<String> indexedClassNames(Class<A> annotation, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (IndexItem<A, Object> item : Index.load(annotation, Object.class, loader)) {
            names.add(item.className());
        }
        return names;
    }

    private Manifest hpiManifest() throws IOException {
        try (ZipFile zip = new ZipFile(hpi.toFile());
             InputStream in = zip.getInputStream(zip.getEntry(JarFile.MANIFEST_NAME))) {
            return new Manifest(in);
        }
    }

    private Path innerJar() throws IOException {
        Path jar = work.resolve("jupyterhub-deploy.jar");
        if (!Files.exists(jar)) {
            try (ZipFile zip = new ZipFile(hpi.toFile())) {
                ZipEntry entry = zip.getEntry(INNER_JAR);
                assertThat(entry).as(INNER_JAR).isNotNull();
                Files.copy(new ByteArrayInputStream(zip.getInputStream(entry).readAllBytes()), jar);
            }
        }
        return jar;
    }

    private static List<String> entries(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    /**
     * The plugin jar plus the compile-only {@code hudson.Extension} (failsafe's classpath has the packaged jar, which
     * rightly lacks it; target/classes has it). Resources come from the plugin jar only, so target/classes' own
     * copy of the index cannot make the check pass.
     */
    private static final class IndexLoader extends URLClassLoader {
        private final String jarUrl;

        IndexLoader(Path jar, Path declarations) throws IOException {
            super(new URL[] {jar.toUri().toURL(), declarations.toUri().toURL()}, HpiLayoutIT.class.getClassLoader());
            this.jarUrl = "jar:" + jar.toUri().toURL() + "!/";
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> own = new ArrayList<>();
            for (URL url : Collections.list(findResources(name))) {
                if (url.toString().startsWith(jarUrl)) {
                    own.add(url);
                }
            }
            return Collections.enumeration(own);
        }
    }
}
