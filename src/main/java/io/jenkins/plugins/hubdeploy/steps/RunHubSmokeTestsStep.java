package io.jenkins.plugins.hubdeploy.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.hubdeploy.config.HubUrl;
import io.jenkins.plugins.hubdeploy.config.NameRules;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.run.SmokeRequest;
import io.jenkins.plugins.hubdeploy.run.SmokeRun;
import io.jenkins.plugins.hubdeploy.smoke.SmokeOptions;
import io.jenkins.plugins.hubdeploy.smoke.SmokeReport;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code runHubSmokeTests(credentialsId: 'staging-hub-token', imports: ['numpy'])}: spawns a test user on the live
 * hub, runs the imports and notebooks in a kernel on the agent, writes JUnit XML into the workspace and returns a
 * summary map (passed, failed, skipped, durationSeconds, hubVersion, ...). Any failed check fails the build.
 * {@code imports}, {@code notebooks} and {@code userOptions} are Pipeline-only: a form text box cannot bind a list
 * or a map (their help says so; config.jelly has no field for them).
 */
public class RunHubSmokeTestsStep extends HubDeployStep {
    public static final String FUNCTION_NAME = "runHubSmokeTests";
    public static final String DEFAULT_JUNIT = "hubdeploy-smoke.xml";
    public static final String DEFAULT_REPORT = "hubdeploy-smoke.json";

    private String hubUrl;
    private String credentialsId;
    private String env;
    private String user;
    private List<String> imports;
    private List<String> notebooks;
    private Integer timeout;
    private Integer spawnTimeout;
    private Integer attempts;
    private Integer retryDelay;
    private Integer users;
    private boolean keepUser;
    private String kernel;
    private String junit = DEFAULT_JUNIT;
    private String report = DEFAULT_REPORT;
    private String userOptions;

    @DataBoundConstructor
    public RunHubSmokeTestsStep() {
    }

    public String getHubUrl() {
        return hubUrl;
    }

    @DataBoundSetter
    public void setHubUrl(String hubUrl) {
        this.hubUrl = blankToNull(hubUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getEnv() {
        return env;
    }

    @DataBoundSetter
    public void setEnv(String env) {
        this.env = blankToNull(env);
    }

    public String getUser() {
        return user;
    }

    @DataBoundSetter
    public void setUser(String user) {
        this.user = blankToNull(user);
    }

    public List<String> getImports() {
        return imports;
    }

    @DataBoundSetter
    public void setImports(List<String> imports) {
        this.imports = withoutBlanks(imports);
    }

    public List<String> getNotebooks() {
        return notebooks;
    }

    @DataBoundSetter
    public void setNotebooks(List<String> notebooks) {
        this.notebooks = withoutBlanks(notebooks);
    }

    public Integer getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public Integer getSpawnTimeout() {
        return spawnTimeout;
    }

    @DataBoundSetter
    public void setSpawnTimeout(Integer spawnTimeout) {
        this.spawnTimeout = spawnTimeout;
    }

    public Integer getAttempts() {
        return attempts;
    }

    @DataBoundSetter
    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public Integer getRetryDelay() {
        return retryDelay;
    }

    @DataBoundSetter
    public void setRetryDelay(Integer retryDelay) {
        this.retryDelay = retryDelay;
    }

    public Integer getUsers() {
        return users;
    }

    @DataBoundSetter
    public void setUsers(Integer users) {
        this.users = users;
    }

    public boolean isKeepUser() {
        return keepUser;
    }

    /** A Boolean: a map built in Groovy may carry {@code keepUser: null} (= false). */
    @DataBoundSetter
    public void setKeepUser(Boolean keepUser) {
        this.keepUser = Boolean.TRUE.equals(keepUser);
    }

    public String getKernel() {
        return kernel;
    }

    @DataBoundSetter
    public void setKernel(String kernel) {
        this.kernel = blankToNull(kernel);
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        String value = blankToNull(junit);
        this.junit = value == null ? DEFAULT_JUNIT : value;
    }

    public String getReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(String report) {
        String value = blankToNull(report);
        this.report = value == null ? DEFAULT_REPORT : value;
    }

    /** The spawn options as JSON text (a map given in Pipeline arrives here as its JSON). */
    public String getUserOptions() {
        return userOptions;
    }

    /**
     * A JSON object, e.g. {@code '{"profile": "small"}'}; a Groovy map works too ({@link DescriptorImpl#bindable}).
     * Typed String because structs has no type for {@code Map<String, Object>}: the Pipeline Syntax reference would
     * show an error.
     */
    @DataBoundSetter
    public void setUserOptions(String userOptions) {
        String value = blankToNull(userOptions);
        this.userOptions = value == null || "{}".equals(value.replace(" ", "")) ? null : value;
    }

    /** The request the core resolves against the configuration; the step adds nothing of its own. */
    SmokeRequest toRequest() throws HubDeployException {
        return new SmokeRequest(hubUrl, env, user, imports, notebooks, timeout, spawnTimeout, attempts, retryDelay,
                users, keepUser ? Boolean.TRUE : null, kernel, SmokeRequest.userOptionsFromJson(userOptions), junit,
                report);
    }

    /** {@code ['numpy', '']} binds as {@code ['numpy']}: a blank entry is no module and no notebook. */
    private static List<String> withoutBlanks(List<String> values) {
        return values == null ? null : values.stream().filter(Objects::nonNull).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Binds the context to the core's ports and delegates; no logic of its own. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient RunHubSmokeTestsStep step;

        Execution(RunHubSmokeTestsStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepWorkspace workspace = StepWorkspace.open(getContext(), step.getDir());
            SmokeListenerLog log = new SmokeListenerLog(workspace.listener());
            String token = SmokeTokenLookup.find(step.getCredentialsId(), workspace.run(), workspace.env());
            log.addSecret(token);
            return StepWorkspace.failBuildOnError(() -> {
                SmokeOptions options = SmokeRun.resolve(step.toRequest(), step.getDeployment(),
                        ".".equals(step.getDir()) ? null : step.getDir(),
                        () -> workspace.loadConfig(step.getDeployment()), log);
                SmokeReport report = new SmokeRun(workspace.agent(), log).run(options, token);
                SmokeRun.verdict(report);
                return new LinkedHashMap<>(report.summary());
            });
        }
    }

    @Extension
    public static final class DescriptorImpl extends HubDeployStepDescriptor {
        public DescriptorImpl() {
            this(JenkinsFormContext.INSTANCE);
        }

        /** For tests: a form context that stands in for Jenkins' permissions and credential stores. */
        DescriptorImpl(FormContext forms) {
            super(forms);
        }

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return "Smoke-test the live JupyterHub (spawn a test user, run imports and notebooks, clean up)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, EnvVars.class, TaskListener.class);
        }

        // Snippet Generator form endpoints (config.jelly); none of them contacts the hub.

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item,
                                                     @QueryParameter String credentialsId) {
            return StepForms.credentials(forms, item, StringCredentials.class, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkCredentials(forms, item, StringCredentials.class, StepForms.SECRET_TEXT, value);
        }

        public FormValidation doCheckHubUrl(@QueryParameter String value) {
            return StepForms.check(value, HubUrl::check);
        }

        public FormValidation doCheckEnv(@QueryParameter String value) {
            return StepForms.check(value, NameRules::checkEnvironment);
        }

        public FormValidation doCheckUser(@QueryParameter String value) {
            return StepForms.check(value, SmokeOptions::checkUser);
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return StepForms.checkNumber(value,
                    seconds -> SmokeOptions.checkAtLeastOneSecond(SmokeOptions.CHECK_TIMEOUT_OPTION, seconds));
        }

        public FormValidation doCheckSpawnTimeout(@QueryParameter String value) {
            return StepForms.checkNumber(value,
                    seconds -> SmokeOptions.checkAtLeastOneSecond(SmokeOptions.SPAWN_TIMEOUT_OPTION, seconds));
        }

        public FormValidation doCheckAttempts(@QueryParameter String value) {
            return StepForms.checkNumber(value, SmokeOptions::checkAttempts);
        }

        public FormValidation doCheckRetryDelay(@QueryParameter String value) {
            return StepForms.checkNumber(value, SmokeOptions::checkRetryDelaySeconds);
        }

        public FormValidation doCheckUsers(@QueryParameter String value) {
            return StepForms.checkNumber(value, SmokeOptions::checkUsers);
        }

        /** {@code userOptions: [profile: 'small']} binds as its JSON text. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            return super.newInstance(bindable(arguments));
        }

        static Map<String, Object> bindable(Map<String, Object> arguments) throws AbortException {
            return StepArguments.mapAsJson(FUNCTION_NAME, arguments, "userOptions");
        }
    }
}
