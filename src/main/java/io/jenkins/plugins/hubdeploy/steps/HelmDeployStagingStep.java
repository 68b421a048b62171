package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.hubdeploy.config.NameRules;
import io.jenkins.plugins.hubdeploy.helm.HelmDuration;
import io.jenkins.plugins.hubdeploy.helm.StuckPolicy;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import io.jenkins.plugins.hubdeploy.run.DeployRun;
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

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code helmDeployStaging(deployment: 'datahub')}: helm-deploys an environment (staging by default) with layered
 * values and the images' content tags, waits for the rollout and returns the deploy record as a map. Runs inside
 * {@code withKubeConfig { ... }}: helm and kubectl get the step's environment, KUBECONFIG included.
 */
public class HelmDeployStagingStep extends HubDeployStep {
    public static final String FUNCTION_NAME = "helmDeployStaging";

    private String env = DeployOptions.DEFAULT_ENVIRONMENT;
    private boolean dryRun;
    private boolean atomic;
    private String timeout = "30m";
    private Integer historyMax;
    private String stuckPolicy = "fail";
    private String credentialsId;
    private String deployments;
    private boolean changed;
    private int parallel = ManyDeployments.DEFAULT_PARALLEL;

    @DataBoundConstructor
    public HelmDeployStagingStep() {
    }

    public String getEnv() {
        return env;
    }

    @DataBoundSetter
    public void setEnv(String env) {
        String value = blankToNull(env);
        this.env = value == null ? DeployOptions.DEFAULT_ENVIRONMENT : value;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** A Boolean: a map built in Groovy may carry {@code dryRun: null} (= false). */
    @DataBoundSetter
    public void setDryRun(Boolean dryRun) {
        this.dryRun = Boolean.TRUE.equals(dryRun);
    }

    public boolean isAtomic() {
        return atomic;
    }

    /** A Boolean: a map built in Groovy may carry {@code atomic: null} (= false). */
    @DataBoundSetter
    public void setAtomic(Boolean atomic) {
        this.atomic = Boolean.TRUE.equals(atomic);
    }

    public String getTimeout() {
        return timeout;
    }

    /** A helm duration ({@code 30m}, {@code 1h30m}) or a number of seconds (a number binds as its text). */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        String value = blankToNull(timeout);
        this.timeout = value == null ? "30m" : value;
    }

    public Integer getHistoryMax() {
        return historyMax;
    }

    @DataBoundSetter
    public void setHistoryMax(Integer historyMax) {
        this.historyMax = historyMax;
    }

    public String getStuckPolicy() {
        return stuckPolicy;
    }

    @DataBoundSetter
    public void setStuckPolicy(String stuckPolicy) {
        String value = blankToNull(stuckPolicy);
        this.stuckPolicy = value == null ? "fail" : value;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getDeployments() {
        return deployments;
    }

    /** {@code 'all'} or names separated by commas: several deployments, each isolated, one summary table. */
    @DataBoundSetter
    public void setDeployments(String deployments) {
        this.deployments = blankToNull(deployments);
    }

    public boolean isChanged() {
        return changed;
    }

    @DataBoundSetter
    public void setChanged(Boolean changed) {
        this.changed = Boolean.TRUE.equals(changed);
    }

    public int getParallel() {
        return parallel;
    }

    @DataBoundSetter
    public void setParallel(Integer parallel) {
        this.parallel = parallel == null ? ManyDeployments.DEFAULT_PARALLEL : parallel;
    }

    /** The core's options; exit 2 (a failed build with the message) for a timeout or policy it cannot read. */
    DeployOptions toOptions(RegistryCredentials credentials) throws HubDeployException {
        return new DeployOptions(env, dryRun, atomic, HelmDuration.parse(timeout, "timeout"), historyMax,
                StuckPolicy.parse(stuckPolicy), credentials);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Binds the context to the core's ports and delegates; no logic of its own. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient HelmDeployStagingStep step;

        Execution(HelmDeployStagingStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepWorkspace workspace = StepWorkspace.open(getContext(), step.getDir());
            BuildLog log = new PrintStreamLog(workspace.listener().getLogger());
            RegistryCredentials credentials =
                    RegistryCredentialsLookup.find(FUNCTION_NAME, step.getCredentialsId(), workspace.run());
            if (credentials != null) {
                log.addSecret(credentials.password());
            }
            ManyDeployments many = new ManyDeployments(workspace.processRunner(log), workspace.agent(), log,
                    workspace.env());
            if (step.getDeployments() != null) {
                return StepWorkspace.failBuildOnError(() -> new LinkedHashMap<>(ManyDeployments.resultOrFailure(
                        many.deploy(new DeploymentSelection(step.getDeployments()), step.toOptions(credentials),
                                step.isChanged(), step.getParallel()))));
            }
            return StepWorkspace.failBuildOnError(() -> new LinkedHashMap<>(many.deployOrSkip(
                    workspace.loadConfig(step.getDeployment()), step.toOptions(credentials), step.isChanged(), log)));
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
            return "helm-deploy the JupyterHub (staging by default) and record what was deployed";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        }

        // Snippet Generator form endpoints (config.jelly); none of them contacts a registry, hub or cluster.

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item,
                                                     @QueryParameter String credentialsId) {
            return StepForms.credentials(forms, item, StandardUsernamePasswordCredentials.class, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkCredentials(forms, item, StandardUsernamePasswordCredentials.class,
                    StepForms.USERNAME_PASSWORD, value);
        }

        public FormValidation doCheckEnv(@QueryParameter String value) {
            return StepForms.check(value, NameRules::checkEnvironment);
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return StepForms.check(value, text -> HelmDuration.parse(text, "timeout"));
        }

        /** fail first: it is the default, and what the form selects for a new step. */
        public ListBoxModel doFillStuckPolicyItems() {
            return StepForms.choices(null, Arrays.stream(StuckPolicy.values()).map(StuckPolicy::label).toList());
        }

        /** {@code timeout: 45} (seconds) binds like {@code timeout: '45'}. */
        @Override
        public Step newInstance(Map<String, Object> arguments) throws Exception {
            return super.newInstance(bindable(arguments));
        }

        static Map<String, Object> bindable(Map<String, Object> arguments) {
            return StepArguments.numberAsText(arguments, "timeout");
        }
    }
}
