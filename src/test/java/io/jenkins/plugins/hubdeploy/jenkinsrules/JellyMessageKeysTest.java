package io.jenkins.plugins.hubdeploy.jenkinsrules;

import io.jenkins.plugins.hubdeploy.jenkinsrules.JellyMessageExpressions.Message;
import io.jenkins.plugins.hubdeploy.jenkinsrules.JellyMessageExpressions.Unparseable;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every {@code ${%...}} in every Jelly file of the plugin is a plain message key: Stapler must not read any of it
 * as JEXL arguments (issue 7, item 1: a quote made the Snippet Generator hang, a comma made it answer HTTP 500,
 * parentheses dropped text from labels). New views are covered without editing this test.
 */
class JellyMessageKeysTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final String FORBIDDEN = "(),'\"{}";

    @Test
    void theRuleReproducesWhatTheControllerDidWithTheOldTitles() throws Exception {
        Unparseable hang = catchThrowableOfType(Unparseable.class,
                () -> JellyMessageExpressions.message("%Hub URL (default: the environment's hubUrl)"));
        Message comma = JellyMessageExpressions.message("%Preflight only (render and diff, change nothing)");
        Message dropped = JellyMessageExpressions.message("%Builder (auto, buildah, docker, podman, kaniko)");

        assertThat(hang.neverTerminates).isTrue();
        assertThat(comma.arguments()).containsExactly("render and diff", " change nothing");
        assertThat(dropped.key()).isEqualTo("Builder ");
        assertThat(JellyMessageExpressions.message("%Deployment")).isEqualTo(new Message("Deployment", List.of()));
    }

    @Test
    void jellyFindsExpressionsInsideMixedText() throws Exception {
        assertThat(JellyMessageExpressions.expressions("${%Timeout}")).containsExactly("%Timeout");
        assertThat(JellyMessageExpressions.expressions("a ${%One} b ${x} $${no}")).containsExactly("%One", "x");
        assertThat(JellyMessageExpressions.expressions("x ${%a 'b}c' d} y")).containsExactly("%a 'b}c' d");
        assertThat(JellyMessageExpressions.expressions("plain text, (with) 'quotes'")).isEmpty();
    }

    @Test
    void everyMessageKeyInEveryJellyFileIsPlain() throws Exception {
        List<Path> views;
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            views = files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
        assertThat(views).as("jelly files under " + RESOURCES).hasSizeGreaterThanOrEqualTo(4);
        List<String> problems = new ArrayList<>();
        int keys = 0;
        for (Path view : views) {
            for (String text : texts(view)) {
                List<String> expressions;
                try {
                    expressions = JellyMessageExpressions.expressions(text);
                } catch (Unparseable e) {
                    problems.add(view + ": " + e.getMessage());
                    continue;
                }
                for (String expression : expressions) {
                    if (!expression.startsWith("%")) {
                        continue;
                    }
                    keys++;
                    try {
                        Message message = JellyMessageExpressions.message(expression);
                        if (!message.arguments().isEmpty()) {
                            problems.add(view + ": ${" + expression + "} is read as key '" + message.key()
                                    + "' with arguments " + message.arguments());
                        }
                    } catch (Unparseable e) {
                        problems.add(view + ": " + e.getMessage());
                    }
                    if (expression.chars().anyMatch(c -> FORBIDDEN.indexOf(c) >= 0)) {
                        problems.add(view + ": ${" + expression + "} contains one of " + FORBIDDEN);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(keys).as("message keys seen").isGreaterThan(20);
    }

    /** Attribute values and text nodes, as Jelly sees them after XML parsing (entities resolved). */
    private static List<String> texts(Path view) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(view.toFile());
        List<String> texts = new ArrayList<>();
        collect(document.getDocumentElement(), texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        NamedNodeMap attributes = node.getAttributes();
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                texts.add(attributes.item(i).getNodeValue());
            }
        }
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            texts.add(node.getNodeValue());
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collect(child, texts);
        }
    }
}
