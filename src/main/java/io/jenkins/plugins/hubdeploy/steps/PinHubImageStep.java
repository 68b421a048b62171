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
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.GitCredentials;
import io.jenkins.plugins.hubdeploy.promote.PinPullRequest;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.PinRun;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.Map;
import java.util.Set;

/**
 * {@code pinHubImage(image: 'REPO:TAG@sha256:D', repositoryUrl: 'https://github.com/org/deployments.git',
 * gitCredentialsId: 'github-app')}: in an image repository's pipeline, right after {@code buildHubImage(push: true)},
 * moves the pins of that image in the deployment repository on a branch, pushes it and opens (or updates) the pull
 * request against {@code base} (docs/promote.md, "Pin pull requests"). Without {@code repositoryUrl} it works on the
 * checkout at {@code dir}. Returns the result map (branch, commit, pullRequest, created, changed, unchanged).
 */
public class PinHubImageStep extends HubDeployStep {
    public static final String FUNCTION_NAME = "pinHubImage";

    private final String image;
    private String deployments;
    private String repositoryUrl;
    private String branch;
    private String base = PinPullRequest.DEFAULT_BASE;
    private String gitCredentialsId;
    private String githubApiUrl;
    private boolean pullRequest = true;

    @DataBoundConstructor
    public PinHubImageStep(String image) {
        this.image = blankToNull(image);
    }

    public String getImage() {
        return image;
    }

    public String getDeployments() {
        return deployments;
    }

    /** {@code 'all'} (the default) or names separated by commas. */
    @DataBoundSetter
    public void setDeployments(String deployments) {
        this.deployments = blankToNull(deployments);
    }

    public String getRepositoryUrl() {
        return repositoryUrl;
    }

    @DataBoundSetter
    public void setRepositoryUrl(String repositoryUrl) {
        this.repositoryUrl = blankToNull(repositoryUrl);
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = blankToNull(branch);
    }

    public String getBase() {
        return base;
    }

    @DataBoundSetter
    public void setBase(String base) {
        String value = blankToNull(base);
        this.base = value == null ? PinPullRequest.DEFAULT_BASE : value;
    }

    public String getGitCredentialsId() {
        return gitCredentialsId;
    }

    @DataBoundSetter
    public void setGitCredentialsId(String gitCredentialsId) {
        this.gitCredentialsId = blankToNull(gitCredentialsId);
    }

    public String getGithubApiUrl() {
        return githubApiUrl;
    }

    @DataBoundSetter
    public void setGithubApiUrl(String githubApiUrl) {
        this.githubApiUrl = blankToNull(githubApiUrl);
    }

    public boolean isPullRequest() {
        return pullRequest;
    }

    /** Open or update the pull request (default); false only pushes the branch. Null (from a Groovy map): default. */
    @DataBoundSetter
    public void setPullRequest(Boolean pullRequest) {
        this.pullRequest = pullRequest == null || pullRequest;
    }

    /** The core's request; exit 2 for a missing image or both deployment and deployments. */
    PinRun.Request toRequest() throws HubDeployException {
        if (image == null) {
            throw HubDeployException.usage(FUNCTION_NAME + ": image is required: the image just pushed, as REPO:TAG or"
                    + " REPO:TAG@sha256:DIGEST (buildHubImage's result has both)");
        }
        if (getDeployment() != null && deployments != null) {
            throw HubDeployException.usage(FUNCTION_NAME + ": give deployment or deployments, not both");
        }
        DeploymentSelection selection = new DeploymentSelection(deployments != null ? deployments : getDeployment());
        return new PinRun.Request(image, selection, branch, true, "origin", pullRequest, base, githubApiUrl,
                repositoryUrl);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Binds the context to the core's ports and delegates; no logic of its own. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient PinHubImageStep step;

        Execution(PinHubImageStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepWorkspace workspace = StepWorkspace.open(getContext(), step.getDir());
            SmokeListenerLog log = new SmokeListenerLog(workspace.listener());
            GitCredentials git = PromoteCredentialsLookup.git(FUNCTION_NAME, step.getGitCredentialsId(),
                    workspace.run(), CredentialsAccess.JENKINS);
            if (git != null) {
                log.addSecret(git.password());
            }
            return StepWorkspace.failBuildOnError(() -> new PinRun(workspace.processRunner(log), workspace.agent(), log,
                    workspace.env(), PinRun.Labels.step(FUNCTION_NAME))
                    .run(step.toRequest(), git, git == null ? null : git.password()).toMap());
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
            return "Open a pull request that pins a pushed image in the deployment repository";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        }

        // Snippet Generator form endpoints (config.jelly); none of them contacts GitHub, git or a registry.

        public FormValidation doCheckImage(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.error("Required: the image just pushed, as REPO:TAG or REPO:TAG@sha256:DIGEST");
            }
            return StepForms.check(value, text -> PinRun.checkImage(text, "image"));
        }

        public FormValidation doCheckRepositoryUrl(@QueryParameter String value) {
            return StepForms.check(value, text -> PinRun.checkRepositoryUrl(text, "repositoryUrl"));
        }

        @POST
        public ListBoxModel doFillGitCredentialsIdItems(@AncestorInPath Item item,
                                                        @QueryParameter String gitCredentialsId) {
            return StepForms.credentials(forms, item, StandardUsernamePasswordCredentials.class, gitCredentialsId);
        }

        @POST
        public FormValidation doCheckGitCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkCredentials(forms, item, StandardUsernamePasswordCredentials.class,
                    StepForms.USERNAME_PASSWORD, value);
        }
    }
}
