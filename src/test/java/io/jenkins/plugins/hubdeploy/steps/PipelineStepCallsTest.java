package io.jenkins.plugins.hubdeploy.steps;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TernaryExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No typo reaches users: every call of this plugin's steps in {@code Jenkinsfile.example}, {@code
 * vars/hubPipeline.groovy} and the Groovy snippets of the README and docs/ is parsed (Groovy's AST, nothing run) and
 * each named argument is checked against the step class by reflection, the way Pipeline binds it: a
 * {@code @DataBoundConstructor} parameter or a {@code @DataBoundSetter} property, with a literal value of a type that
 * binds to it; {@code mode:} of promoteToProd must be a mode it accepts. Arguments built in maps first
 * ({@code common + [mode: 'check']}, a variable holding a map) are followed to the map literals they come from.
 */
class PipelineStepCallsTest {
    private static final Map<String, Class<?>> STEPS = Map.of(
            "buildHubImage", BuildHubImageStep.class,
            "helmDeployStaging", HelmDeployStagingStep.class,
            "runHubSmokeTests", RunHubSmokeTestsStep.class,
            "promoteToProd", PromoteToProdStep.class,
            "pinHubImage", PinHubImageStep.class);
    private static final Pattern GROOVY_BLOCK = Pattern.compile("(?s)```groovy\\n(.*?)```");

    @Test
    void everyStepCallInTheExampleTheLibraryAndTheDocsUsesRealParametersWithAcceptedValues() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("Jenkinsfile.example", Files.readString(Path.of("Jenkinsfile.example")));
        sources.put("vars/hubPipeline.groovy", Files.readString(Path.of("vars/hubPipeline.groovy")));
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            Matcher block = GROOVY_BLOCK.matcher(Files.readString(doc));
            for (int i = 1; block.find(); i++) {
                sources.put(doc + " groovy block " + i, block.group(1));
            }
        }
        List<String> problems = new ArrayList<>();
        int calls = 0;
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Check check = check(source.getKey(), source.getValue());
            problems.addAll(check.problems);
            calls += check.calls;
            seen.addAll(check.steps);
        }
        assertThat(problems).isEmpty();
        assertThat(sources.keySet()).as("README snippets are among the sources").anyMatch(s -> s.startsWith("README.md"));
        assertThat(seen).as("every step is called somewhere in the example, the library or the docs")
                .containsAll(STEPS.keySet());
        assertThat(calls).isGreaterThan(20);
    }

    @Test
    void findsATypoAWrongTypeAndAnUnknownModeAlsoThroughAMapVariable() {
        Check check = check("typos", """
                buildHubImage(deployment: 'datahub', pussh: true)
                promoteToProd(mode: 'recrod')
                runHubSmokeTests(attempts: '2', imports: ['numpy'])
                Map common = [deployment: 'd', dryrun: true]
                helmDeployStaging(clean(common + [env: 'staging']))
                helmDeployStaging(dryRun: 'yes', timeout: "${t}m")
                """);
        assertThat(check.problems).hasSize(5)
                .anyMatch(p -> p.contains("buildHubImage: unknown parameter 'pussh'") && p.contains("line 1"))
                .anyMatch(p -> p.contains("promoteToProd: mode 'recrod'"))
                .anyMatch(p -> p.contains("runHubSmokeTests: attempts: a String"))
                .anyMatch(p -> p.contains("helmDeployStaging: unknown parameter 'dryrun'"))
                .anyMatch(p -> p.contains("helmDeployStaging: dryRun: a String"));
        assertThat(check.calls).isEqualTo(5);
    }

    @Test
    void acceptsEveryModeIncludingRevertAndCatchesAMisspeltOne() {
        StringBuilder calls = new StringBuilder();
        for (PromoteMode mode : PromoteMode.values()) {
            calls.append("promoteToProd(mode: '").append(mode.id()).append("', deployment: 'datahub')\n");
        }
        calls.append("promoteToProd(mode: 'revret', deployment: 'datahub')\n");
        Check check = check("modes", calls.toString());
        assertThat(check.calls).isEqualTo(PromoteMode.values().length + 1);
        assertThat(check.problems).hasSize(1).allMatch(p -> p.contains("promoteToProd: mode 'revret'"));
        assertThat(PromoteMode.values()).extracting(PromoteMode::id).contains("revert");
    }

    /** What one source's step calls got wrong. */
    static final class Check {
        final List<String> problems = new ArrayList<>();
        final Set<String> steps = new HashSet<>();
        int calls;
    }

    static Check check(String name, String text) {
        Check check = new Check();
        CompilationUnit unit = new CompilationUnit();
        unit.addSource(name.replaceAll("[^A-Za-z0-9]", "_"), text);
        unit.compile(Phases.CONVERSION);
        List<ASTNode> roots = new ArrayList<>();
        for (ModuleNode module : unit.getAST().getModules()) {
            // the script's top-level statements are its class's run() method, so the methods cover everything
            for (ClassNode type : module.getClasses()) {
                for (MethodNode method : type.getMethods()) {
                    if (method.getCode() != null) {
                        roots.add(method.getCode());
                    }
                }
            }
        }
        Map<String, List<Expression>> variables = new LinkedHashMap<>();
        List<MethodCallExpression> stepCalls = new ArrayList<>();
        CodeVisitorSupport visitor = new CodeVisitorSupport() {
            @Override
            public void visitDeclarationExpression(DeclarationExpression expression) {
                if (expression.getLeftExpression() instanceof VariableExpression variable) {
                    variables.computeIfAbsent(variable.getName(), k -> new ArrayList<>()).add(expression.getRightExpression());
                }
                super.visitDeclarationExpression(expression);
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (STEPS.containsKey(call.getMethodAsString())) {
                    stepCalls.add(call);
                }
                super.visitMethodCallExpression(call);
            }
        };
        roots.forEach(root -> root.visit(visitor));
        for (MethodCallExpression call : stepCalls) {
            String step = call.getMethodAsString();
            check.calls++;
            check.steps.add(step);
            List<MapEntryExpression> entries = new ArrayList<>();
            collect(call.getArguments(), variables, entries, new HashSet<>());
            for (MapEntryExpression entry : entries) {
                String problem = problem(step, entry);
                if (problem != null) {
                    check.problems.add(name + ", line " + entry.getLineNumber() + ": " + problem);
                }
            }
        }
        return check;
    }

    /** The map entries an argument expression is built from: literals, maps added together, variables, clean(...). */
    private static void collect(Expression expression, Map<String, List<Expression>> variables,
                                List<MapEntryExpression> out, Set<String> followed) {
        if (expression instanceof MapExpression map) {
            out.addAll(map.getMapEntryExpressions());
        } else if (expression instanceof TupleExpression tuple) {
            tuple.getExpressions().forEach(e -> collect(e, variables, out, followed));
        } else if (expression instanceof BinaryExpression binary && binary.getOperation().getText().equals("+")) {
            collect(binary.getLeftExpression(), variables, out, followed);
            collect(binary.getRightExpression(), variables, out, followed);
        } else if (expression instanceof TernaryExpression ternary) {
            collect(ternary.getTrueExpression(), variables, out, followed);
            collect(ternary.getFalseExpression(), variables, out, followed);
        } else if (expression instanceof MethodCallExpression call && !STEPS.containsKey(call.getMethodAsString())) {
            collect(call.getArguments(), variables, out, followed); // clean(args), args.findAll { ... }
        } else if (expression instanceof VariableExpression variable && followed.add(variable.getName())) {
            variables.getOrDefault(variable.getName(), List.of()).forEach(e -> collect(e, variables, out, followed));
        }
    }

    private static String problem(String step, MapEntryExpression entry) {
        if (!(entry.getKeyExpression() instanceof ConstantExpression key)) {
            return null; // a computed key cannot be checked here
        }
        String parameter = String.valueOf(key.getValue());
        Class<?> type = parameterType(STEPS.get(step), parameter);
        if (type == null) {
            return step + ": unknown parameter '" + parameter + "'; it has "
                    + DataBoundBinder.parameterNames(STEPS.get(step));
        }
        Expression value = entry.getValueExpression();
        String found = null;
        if (value instanceof ConstantExpression constant && constant.getValue() != null) {
            Object literal = constant.getValue();
            boolean fits = type == String.class ? literal instanceof String
                    : type == boolean.class || type == Boolean.class ? literal instanceof Boolean
                    : type == int.class || type == Integer.class ? literal instanceof Integer
                    : false;
            found = fits ? null : "a " + literal.getClass().getSimpleName();
            if (fits && step.equals("promoteToProd") && parameter.equals("mode")) {
                try {
                    PromoteMode.parse((String) literal, "mode");
                } catch (HubDeployException e) {
                    return step + ": mode '" + literal + "' is not one promoteToProd accepts: " + e.getMessage();
                }
            }
        } else if (value instanceof GStringExpression && type != String.class) {
            found = "a GString";
        } else if (value instanceof ListExpression && !List.class.isAssignableFrom(type)) {
            found = "a list";
        } else if (value instanceof MapExpression && !Map.class.isAssignableFrom(type)) {
            found = "a map";
        }
        return found == null ? null : step + ": " + parameter + ": " + found + " where " + type.getSimpleName() + " binds";
    }

    /** The type Pipeline binds the named argument to, or null when the step has no such parameter. */
    private static Class<?> parameterType(Class<?> step, String name) {
        for (Parameter parameter : DataBoundBinder.dataBoundConstructor(step).getParameters()) {
            if (parameter.getName().equals(name)) {
                return parameter.getType();
            }
        }
        Method setter = DataBoundBinder.dataBoundSetters(step).get(name);
        return setter == null ? null : setter.getParameterTypes()[0];
    }
}
