package io.jenkins.plugins.hubdeploy.steps;

import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.beans.Introspector;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How Stapler and the Jenkins form JavaScript find each step form's endpoints, checked against the step, its
 * descriptor and its config.jelly (parsed as the XML Jelly reads; there is no Jenkins here to render it): a
 * misspelt doCheckX, a field without a setter or a POST-only check behind a GET field fails silently in Jenkins.
 */
class StepFormEndpointsTest {
    private static final Pattern CHECK = Pattern.compile("doCheck([A-Z]\\w*)");
    private static final Pattern FILL = Pattern.compile("doFill([A-Z]\\w*)Items");

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of(BuildHubImageStep.class, BuildHubImageStep.DescriptorImpl.class, List.of()),
                Arguments.of(HelmDeployStagingStep.class, HelmDeployStagingStep.DescriptorImpl.class, List.of()),
                Arguments.of(RunHubSmokeTestsStep.class, RunHubSmokeTestsStep.DescriptorImpl.class,
                        List.of("imports", "notebooks", "userOptions")),
                Arguments.of(PromoteToProdStep.class, PromoteToProdStep.DescriptorImpl.class, List.of()),
                Arguments.of(PinHubImageStep.class, PinHubImageStep.DescriptorImpl.class, List.of()));
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyCheckAndFillMethodNamesAParameterOfItsStep(Class<?> step, Class<?> descriptor, List<String> pipelineOnly) {
        List<String> parameters = DataBoundBinder.parameterNames(step);
        List<Method> endpoints = endpoints(descriptor);

        assertThat(endpoints).as("a form without endpoints would make this test vacuous").isNotEmpty();
        for (Method method : endpoints) {
            String field = field(method);
            assertThat(field).as(method.getName() + " is a doCheckX or doFillXItems: no other endpoint (no 'test"
                    + " connection' that would make Jenkins contact a hub, registry or cluster)").isNotNull();
            assertThat(parameters).as(method.getName() + " must name a parameter of " + step.getSimpleName())
                    .contains(field);
            assertThat(pipelineOnly).as(field + " has no form field").doesNotContain(field);
            assertThat(method.getReturnType()).isEqualTo(method.getName().startsWith("doCheck")
                    ? FormValidation.class : ListBoxModel.class);
        }
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyEndpointParameterIsOneStaplerInjects(Class<?> step, Class<?> descriptor, List<String> pipelineOnly) {
        for (Method method : endpoints(descriptor)) {
            for (Parameter p : method.getParameters()) {
                boolean query = p.isAnnotationPresent(QueryParameter.class);
                boolean ancestor = p.isAnnotationPresent(AncestorInPath.class);
                assertThat(query || ancestor).as(method.getName() + "(" + p.getName() + ")").isTrue();
                if (ancestor) {
                    assertThat(p.getType()).isEqualTo(Item.class);
                }
            }
            if (method.getName().startsWith("doCheck")) {
                assertThat(queryNames(method)).as(method.getName() + " reads the field as 'value'").contains("value");
            }
        }
    }

    /** Anything that consults Jenkins (the item's permissions, the credential stores) is POST, with a crumb. */
    @ParameterizedTest
    @MethodSource("steps")
    void credentialEndpointsTakeTheItemAndArePost(Class<?> step, Class<?> descriptor, List<String> pipelineOnly) {
        for (Method method : endpoints(descriptor)) {
            boolean takesItem = Stream.of(method.getParameters()).anyMatch(p -> p.isAnnotationPresent(AncestorInPath.class));
            boolean credentials = isCredentialsField(field(method));
            assertThat(takesItem).as(method.getName() + ": credential endpoints, and only they, look at the item")
                    .isEqualTo(credentials);
            assertThat(method.isAnnotationPresent(POST.class)).as(method.getName() + " is @POST").isEqualTo(takesItem);
        }
    }

    /** A format check or a fixed list depends on the value alone: a reader and an administrator get one answer. */
    @ParameterizedTest
    @MethodSource("steps")
    void endpointsWithoutTheItemAnswerEveryoneAlike(Class<?> step, Class<?> descriptor, List<String> pipelineOnly)
            throws Exception {
        Object asReader = descriptor.getDeclaredConstructor(FormContext.class).newInstance(FakeFormContext.reader());
        Object asAdmin = descriptor.getDeclaredConstructor(FormContext.class)
                .newInstance(FakeFormContext.administrator());
        for (Method method : endpoints(descriptor)) {
            if (Stream.of(method.getParameters()).anyMatch(p -> p.isAnnotationPresent(AncestorInPath.class))) {
                continue;
            }
            for (String value : List.of("", "x", "0", "staging", "https://hub.example.org")) {
                Object[] args = Stream.of(method.getParameters()).map(p -> value).toArray();
                Object reader = method.invoke(asReader, args);
                Object admin = method.invoke(asAdmin, args);
                if (reader instanceof FormValidation r && admin instanceof FormValidation a) {
                    assertThat(r.kind).as(method.getName() + "(" + value + ")").isEqualTo(a.kind);
                    assertThat(r.getMessage()).isEqualTo(a.getMessage());
                } else {
                    assertThat(FakeFormContext.values((ListBoxModel) reader)).as(method.getName())
                            .isEqualTo(FakeFormContext.values((ListBoxModel) admin));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("steps")
    void configJellyFieldsAreExactlyTheStepsSettersButThePipelineOnlyOnes(Class<?> step, Class<?> descriptor,
                                                                          List<String> pipelineOnly) throws Exception {
        Map<String, Element> fields = fields(step);
        List<String> expected = new ArrayList<>(DataBoundBinder.parameterNames(step));
        expected.removeAll(pipelineOnly);

        assertThat(fields.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (String field : fields.keySet()) {
            boolean setter = DataBoundBinder.dataBoundSetters(step).containsKey(field);
            boolean constructor = Stream.of(DataBoundBinder.dataBoundConstructor(step).getParameters())
                    .anyMatch(p -> p.getName().equals(field));
            assertThat(setter || constructor).as(field + " binds through a setter or the constructor").isTrue();
            // the form shows a saved step's value through its getter (instance[field] in Jelly)
            String property = Character.toUpperCase(field.charAt(0)) + field.substring(1);
            assertThat(Stream.of(step.getMethods()).map(Method::getName))
                    .as(field + " has a getter").containsAnyOf("get" + property, "is" + property);
        }
    }

    /** A fill method works only behind a select; a POST check only behind a control that checks with POST. */
    @ParameterizedTest
    @MethodSource("steps")
    void controlsMatchTheirEndpoints(Class<?> step, Class<?> descriptor, List<String> pipelineOnly) throws Exception {
        Map<String, Element> fields = fields(step);
        for (Method method : endpoints(descriptor)) {
            String field = field(method);
            Element control = control(fields.get(field));
            if (method.getName().startsWith("doFill")) {
                assertThat(control.getTagName()).as(field).isIn("f:select", "c:select");
                for (String dependency : queryNames(method)) {
                    assertThat(fields).as(method.getName() + " sends the form's " + dependency).containsKey(dependency);
                }
            }
            if (method.getName().startsWith("doCheck")) {
                assertThat(control.getAttribute("checkMethod")).as(field + " checkMethod")
                        .isEqualTo(method.isAnnotationPresent(POST.class) ? "post" : "");
            }
        }
        List<String> credentialFields = fields.keySet().stream().filter(StepFormEndpointsTest::isCredentialsField)
                .toList();
        assertThat(credentialFields).isNotEmpty();
        for (String field : credentialFields) {
            assertThat(control(fields.get(field)).getTagName()).as(field + ": the credentials plugin's picker, with Add")
                    .isEqualTo("c:select");
            assertThat(endpoints(descriptor)).extracting(StepFormEndpointsTest::field).as(field + " is filled and checked")
                    .contains(field).filteredOn(field::equals).hasSize(2);
        }
    }

    private static boolean isCredentialsField(String field) {
        return field != null && (field.equals("credentialsId") || field.endsWith("CredentialsId"));
    }

    private static List<Method> endpoints(Class<?> descriptor) {
        List<Method> found = new ArrayList<>();
        for (Method m : descriptor.getMethods()) {
            if (m.getName().startsWith("do") && Modifier.isPublic(m.getModifiers())) {
                found.add(m);
            }
        }
        return found;
    }

    private static String field(Method method) {
        for (Pattern pattern : List.of(CHECK, FILL)) {
            Matcher m = pattern.matcher(method.getName());
            if (m.matches()) {
                return Introspector.decapitalize(m.group(1));
            }
        }
        return null;
    }

    /** The names Stapler binds the {@code @QueryParameter}s from (annotation value, else the parameter's name). */
    private static List<String> queryNames(Method method) {
        List<String> names = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            QueryParameter query = p.getAnnotation(QueryParameter.class);
            if (query != null) {
                assertThat(p.isNamePresent()).as("compiled with -parameters").isTrue();
                names.add(query.value().isEmpty() ? p.getName() : query.value());
            }
        }
        return names;
    }

    /** field name -> its f:entry, from the step's config.jelly. */
    private static Map<String, Element> fields(Class<?> step) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setExpandEntityReferences(false);
        Map<String, Element> fields = new LinkedHashMap<>();
        try (InputStream in = step.getResourceAsStream(step.getSimpleName() + "/config.jelly")) {
            assertThat(in).as(step.getSimpleName() + "/config.jelly").isNotNull();
            NodeList entries = factory.newDocumentBuilder().parse(in).getElementsByTagName("f:entry");
            for (int i = 0; i < entries.getLength(); i++) {
                Element entry = (Element) entries.item(i);
                assertThat(fields.put(entry.getAttribute("field"), entry)).as("field " + entry.getAttribute("field")
                        + " appears once").isNull();
            }
        }
        return fields;
    }

    /** The one input control inside an f:entry. */
    private static Element control(Element entry) {
        NodeList children = entry.getChildNodes();
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                elements.add(e);
            }
        }
        assertThat(elements).as("controls of " + entry.getAttribute("field")).hasSize(1);
        return elements.get(0);
    }
}
