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
import io.jenkins.plugins.hubdeploy.image.Builders;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import io.jenkins.plugins.hubdeploy.config.NameRules;
import io.jenkins.plugins.hubdeploy.run.ChangedOnly;
import io.jenkins.plugins.hubdeploy.run.DeployOptions;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.ImageBuildOptions;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code buildHubImage(deployment: 'datahub', push: true)}: content tags, registry check, build and (optionally)
 * push of a deployment's user images. Returns one map per image (name, tag, image, digest, built, pushed); with
 * {@code changed: true} and nothing changed since the live commit, one map {@code [deployment, environment, skipped]}.
 * Every parameter is optional, so {@code buildHubImage()} works in a repository with a single deployment.
 */
public class BuildHubImageStep extends HubDeployStep {
    public static final String FUNCTION_NAME = "buildHubImage";

    private boolean push;
    private boolean force;
    private boolean noCache;
    private String builder;
    private String platform;
    private String credentialsId;
    private String deployments;
    private int parallel = ManyDeployments.DEFAULT_PARALLEL;
    private boolean changed;
    private String env = DeployOptions.DEFAULT_ENVIRONMENT;
    private String changedSince;

    @DataBoundConstructor
    public BuildHubImageStep() {
    }

    public boolean isPush() {
        return push;
    }

    /** A Boolean: a map built in Groovy may carry {@code push: null} (= false). */
    @DataBoundSetter
    public void setPush(Boolean push) {
        this.push = Boolean.TRUE.equals(push);
    }

    public boolean isForce() {
        return force;
    }

    /** A Boolean: a map built in Groovy may carry {@code force: null} (= false). */
    @DataBoundSetter
    public void setForce(Boolean force) {
        this.force = Boolean.TRUE.equals(force);
    }

    public boolean isNoCache() {
        return noCache;
    }

    /** A Boolean: a map built in Groovy may carry {@code noCache: null} (= false). */
    @DataBoundSetter
    public void setNoCache(Boolean noCache) {
        this.noCache = Boolean.TRUE.equals(noCache);
    }

    public String getBuilder() {
        return builder;
    }

    @DataBoundSetter
    public void setBuilder(String builder) {
        this.builder = blankToNull(builder);
    }

    public String getPlatform() {
        return platform;
    }

    @DataBoundSetter
    public void setPlatform(String platform) {
        this.platform = blankToNull(platform);
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

    public int getParallel() {
        return parallel;
    }

    @DataBoundSetter
    public void setParallel(Integer parallel) {
        this.parallel = parallel == null ? ManyDeployments.DEFAULT_PARALLEL : parallel;
    }

    public boolean isChanged() {
        return changed;
    }

    /** Build only the deployments whose inputs changed since the commit live in {@code env}; the others are skipped. */
    @DataBoundSetter
    public void setChanged(Boolean changed) {
        this.changed = Boolean.TRUE.equals(changed);
    }

    public String getEnv() {
        return env;
    }

    /** With {@code changed}: the environment whose live commit and inputs count. */
    @DataBoundSetter
    public void setEnv(String env) {
        String value = blankToNull(env);
        this.env = value == null ? DeployOptions.DEFAULT_ENVIRONMENT : value;
    }

    public String getChangedSince() {
        return changedSince;
    }

    /** A git ref (e.g. {@code origin/staging}): as {@code changed}, compared with that ref instead of the live commit. */
    @DataBoundSetter
    public void setChangedSince(String changedSince) {
        this.changedSince = blankToNull(changedSince);
    }

    /** {@code changed: true} / {@code changedSince: REF}: only what changed; null: everything. Exit 2 for both. */
    ChangedOnly toChangedOnly() throws HubDeployException {
        return ChangedOnly.of(changed, changedSince, env, "changed", "changedSince");
    }

    ImageBuildOptions toOptions(RegistryCredentials credentials) {
        return new ImageBuildOptions(push, force, noCache, builder, platform, credentials);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Binds the context to the core's ports and delegates; no logic of its own. */
    static final class Execution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;

        // a synchronous execution does not survive a controller restart, so the step need not be serialized
        private final transient BuildHubImageStep step;

        Execution(BuildHubImageStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> run() throws Exception {
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
                return StepWorkspace.failBuildOnError(() -> new ArrayList<>(List.of(ManyDeployments.resultOrFailure(
                        many.build(new DeploymentSelection(step.getDeployments()), step.toOptions(credentials),
                                step.toChangedOnly(), step.getParallel())))));
            }
            return StepWorkspace.failBuildOnError(() -> many.buildOrSkip(workspace.loadConfig(step.getDeployment()),
                    step.toOptions(credentials), step.toChangedOnly(), log));
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
            return "Build (and optionally push) the JupyterHub user images";
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

        public ListBoxModel doFillBuilderItems() {
            return StepForms.choices("From the configuration", Builders.SETTINGS);
        }
    }
}
