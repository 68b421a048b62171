package io.jenkins.plugins.hubdeploy.vars;

import com.lesfurets.jenkins.unit.MethodSignature;
import com.lesfurets.jenkins.unit.PipelineTestHelper;
import groovy.lang.Closure;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The part of Declarative Pipeline that {@code Jenkinsfile.example} uses, for JenkinsPipelineUnit 1.1 (which has no
 * declarative support, and newer versions are only on repo.jenkins-ci.org, which cannot be reached here):
 * {@code pipeline}, {@code agent}, {@code options}, {@code environment} (into {@code env}), {@code stages},
 * {@code stage} with {@code when} ({@code branch}, {@code changeRequest [target:]}, {@code not}, {@code anyOf},
 * {@code allOf}, {@code expression}), {@code steps}, {@code script}, and {@code post} ({@code always},
 * {@code success}, {@code failure}, {@code cleanup}) on stages and the pipeline. As in Jenkins, a failed stage
 * runs its post blocks and every later stage is skipped. Only what the example uses; anything else is a
 * missing-method error, so the example cannot silently use something this does not understand.
 */
final class DeclarativeSimulator {
    final List<String> stagesRun = new ArrayList<>();
    final List<String> stagesSkipped = new ArrayList<>();
    final List<String> options = new ArrayList<>();
    private final Map<String, Object> env;
    private Throwable failure;

    DeclarativeSimulator(Map<String, Object> env) {
        this.env = env;
    }

    void register(PipelineTestHelper helper) {
        block(helper, "pipeline", body -> {
            call(body, null);
            if (failure != null) {
                throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
        });
        block(helper, "agent", body -> options.add("agent"));
        block(helper, "options", body -> call(body, null));
        block(helper, "environment", body -> call(body, env));
        block(helper, "stages", body -> call(body, null));
        block(helper, "steps", body -> call(body, null));
        block(helper, "script", body -> call(body, null));
        block(helper, "post", body -> {
            Post post = new Post();
            call(body, post);
            post.run(failure == null);
        });
        helper.registerAllowedMethod("stage", List.of(String.class, Closure.class), new Closure<Object>(this) {
            @SuppressWarnings("unused")
            public Object doCall(String name, Closure<?> body) {
                stage(name, body);
                return null;
            }
        });
        helper.registerAllowedMethod("disableConcurrentBuilds", List.of(), new Closure<Object>(this) {
            @SuppressWarnings("unused")
            public Object doCall() {
                options.add("disableConcurrentBuilds");
                return null;
            }
        });
        helper.registerAllowedMethod(MethodSignature.method("timeout", Map.class), (Function<Object, Object>) args -> {
            options.add("timeout " + args);
            return null;
        });
        helper.registerAllowedMethod(MethodSignature.method("logRotator", Map.class), (Function<Object, Object>) args -> args);
        helper.registerAllowedMethod(MethodSignature.method("buildDiscarder", Object.class),
                (Function<Object, Object>) args -> {
                    options.add("buildDiscarder " + args);
                    return null;
                });
    }

    private void stage(String name, Closure<?> body) {
        Stage stage = new Stage();
        call(body, stage);
        if (failure != null || (stage.when != null && !new When(env).holds(stage.when))) {
            stagesSkipped.add(name);
            return;
        }
        stagesRun.add(name);
        try {
            stage.steps.call();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (stage.post != null) {
            Post post = new Post();
            call(stage.post, post);
            post.run(failure == null);
        }
    }

    private void block(PipelineTestHelper helper, String name, java.util.function.Consumer<Closure<?>> run) {
        helper.registerAllowedMethod(MethodSignature.method(name, Closure.class), (Function<Object, Object>) body -> {
            run.accept((Closure<?>) body);
            return null;
        });
    }

    private static Object call(Closure<?> body, Object delegate) {
        if (delegate != null) {
            body.setDelegate(delegate);
            body.setResolveStrategy(Closure.DELEGATE_FIRST);
        }
        return body.call();
    }

    /** A stage's declarations, kept until its when condition is known. */
    public static final class Stage {
        Closure<?> when;
        Closure<?> steps;
        Closure<?> post;

        public void when(Closure<?> body) {
            when = body;
        }

        public void steps(Closure<?> body) {
            steps = body;
        }

        public void post(Closure<?> body) {
            post = body;
        }
    }

    /** A when block: every condition in it must hold. */
    public static final class When {
        private final Map<String, Object> env;
        private final List<Boolean> results = new ArrayList<>();

        When(Map<String, Object> env) {
            this.env = env;
        }

        boolean holds(Closure<?> body) {
            call(body, this);
            return !results.isEmpty() && !results.contains(false);
        }

        public void branch(String pattern) {
            Object name = env.get("BRANCH_NAME");
            results.add(name != null && FileSystems.getDefault().getPathMatcher("glob:" + pattern)
                    .matches(java.nio.file.Path.of(name.toString())));
        }

        public void changeRequest() {
            results.add(env.get("CHANGE_ID") != null);
        }

        public void changeRequest(Map<String, Object> args) {
            results.add(env.get("CHANGE_ID") != null
                    && (!args.containsKey("target") || String.valueOf(args.get("target")).equals(env.get("CHANGE_TARGET"))));
        }

        public void not(Closure<?> body) {
            results.add(!new When(env).holds(body));
        }

        public void allOf(Closure<?> body) {
            results.add(new When(env).holds(body));
        }

        public void anyOf(Closure<?> body) {
            When any = new When(env);
            call(body, any);
            results.add(any.results.contains(true));
        }

        public void expression(Closure<?> body) {
            results.add(DefaultTypeTransformation.castToBoolean(body.call()));
        }
    }

    /** A post block. */
    public final class Post {
        private Closure<?> always;
        private Closure<?> success;
        private Closure<?> failureBody;
        private Closure<?> cleanup;

        public void always(Closure<?> body) {
            always = body;
        }

        public void success(Closure<?> body) {
            success = body;
        }

        public void failure(Closure<?> body) {
            failureBody = body;
        }

        public void cleanup(Closure<?> body) {
            cleanup = body;
        }

        void run(boolean passed) {
            for (Closure<?> body : new Closure<?>[] {always, passed ? success : failureBody, cleanup}) {
                if (body == null) {
                    continue;
                }
                try {
                    body.call();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }
    }
}
