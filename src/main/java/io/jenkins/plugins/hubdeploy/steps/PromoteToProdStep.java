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
import io.jenkins.plugins.hubdeploy.config.HubUrl;
import io.jenkins.plugins.hubdeploy.config.NameRules;
import io.jenkins.plugins.hubdeploy.image.RegistryCredentials;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.promote.AgeParser;
import io.jenkins.plugins.hubdeploy.promote.GitCredentials;
import io.jenkins.plugins.hubdeploy.promote.PromoteMode;
import io.jenkins.plugins.hubdeploy.promote.PromoteOptions;
import io.jenkins.plugins.hubdeploy.promote.PromoteRun;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code promoteToProd(mode: 'record')} / {@code 'pullRequest'} / {@code 'check'} / {@code 'merge'} /
 * {@code 'deploy'} / {@code 'revert'}: prod gets exactly what passed on staging, or nothing (docs/promote.md). Git runs through the
 * Launcher with the job's git credentials answered by a GIT_ASKPASS program; GitHub and the registry are called on
 * the agent. Returns the mode's result map.
 */
public class PromoteToProdStep extends HubDeployStep {
    public static final String FUNCTION_NAME = "promoteToProd";

    private final String mode;
    private String gitCredentialsId;
    private String credentialsId;
    private String remote;
    private String stagingEnv;
    private String sourceBranch;
    private String targetBranch;
    private String maxEvidenceAge;
    private String smokeReport;
    private String stagingKubeconfig;
    private String githubApiUrl;
    private Boolean autoMerge;
    private Integer pullRequest;
    private boolean allowFork;
    private boolean allowOtherBranch;
    private String overrideDenyWindow;
    private String hubCredentialsId;
    private String hubUrl;

    @DataBoundConstructor
    public PromoteToProdStep(String mode) {
        this.mode = blankToNull(mode);
    }

    public String getMode() {
        return mode;
    }

    public String getGitCredentialsId() {
        return gitCredentialsId;
    }

    @DataBoundSetter
    public void setGitCredentialsId(String gitCredentialsId) {
        this.gitCredentialsId = blankToNull(gitCredentialsId);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getRemote() {
        return remote;
    }

    @DataBoundSetter
    public void setRemote(String remote) {
        this.remote = blankToNull(remote);
    }

    public String getStagingEnv() {
        return stagingEnv;
    }

    @DataBoundSetter
    public void setStagingEnv(String stagingEnv) {
        this.stagingEnv = blankToNull(stagingEnv);
    }

    public String getSourceBranch() {
        return sourceBranch;
    }

    @DataBoundSetter
    public void setSourceBranch(String sourceBranch) {
        this.sourceBranch = blankToNull(sourceBranch);
    }

    public String getTargetBranch() {
        return targetBranch;
    }

    @DataBoundSetter
    public void setTargetBranch(String targetBranch) {
        this.targetBranch = blankToNull(targetBranch);
    }

    public String getMaxEvidenceAge() {
        return maxEvidenceAge;
    }

    @DataBoundSetter
    public void setMaxEvidenceAge(String maxEvidenceAge) {
        this.maxEvidenceAge = blankToNull(maxEvidenceAge);
    }

    public String getSmokeReport() {
        return smokeReport;
    }

    @DataBoundSetter
    public void setSmokeReport(String smokeReport) {
        this.smokeReport = blankToNull(smokeReport);
    }

    public String getStagingKubeconfig() {
        return stagingKubeconfig;
    }

    @DataBoundSetter
    public void setStagingKubeconfig(String stagingKubeconfig) {
        this.stagingKubeconfig = blankToNull(stagingKubeconfig);
    }

    public String getGithubApiUrl() {
        return githubApiUrl;
    }

    @DataBoundSetter
    public void setGithubApiUrl(String githubApiUrl) {
        this.githubApiUrl = blankToNull(githubApiUrl);
    }

    public Boolean getAutoMerge() {
        return autoMerge;
    }

    @DataBoundSetter
    public void setAutoMerge(Boolean autoMerge) {
        this.autoMerge = autoMerge;
    }

    public Integer getPullRequest() {
        return pullRequest;
    }

    @DataBoundSetter
    public void setPullRequest(Integer pullRequest) {
        this.pullRequest = pullRequest;
    }

    public boolean isAllowFork() {
        return allowFork;
    }

    @DataBoundSetter
    public void setAllowFork(Boolean allowFork) {
        this.allowFork = Boolean.TRUE.equals(allowFork);
    }

    public boolean isAllowOtherBranch() {
        return allowOtherBranch;
    }

    @DataBoundSetter
    public void setAllowOtherBranch(Boolean allowOtherBranch) {
        this.allowOtherBranch = Boolean.TRUE.equals(allowOtherBranch);
    }

    public String getOverrideDenyWindow() {
        return overrideDenyWindow;
    }

    @DataBoundSetter
    public void setOverrideDenyWindow(String overrideDenyWindow) {
        this.overrideDenyWindow = blankToNull(overrideDenyWindow);
    }

    public String getHubCredentialsId() {
        return hubCredentialsId;
    }

    @DataBoundSetter
    public void setHubCredentialsId(String hubCredentialsId) {
        this.hubCredentialsId = blankToNull(hubCredentialsId);
    }

    public String getHubUrl() {
        return hubUrl;
    }

    @DataBoundSetter
    public void setHubUrl(String hubUrl) {
        this.hubUrl = blankToNull(hubUrl);
    }

    /** The core's options; exit 2 (a failed build with the message) for a mode or age it cannot read. */
    PromoteOptions toOptions(RegistryCredentials registry) throws HubDeployException {
        if (mode == null) {
            throw HubDeployException.usage(FUNCTION_NAME + ": mode is required (record, pullRequest, check, merge,"
                    + " deploy or revert)");
        }
        PromoteOptions options = new PromoteOptions(PromoteMode.parse(mode, "mode"), stagingEnv, null, remote,
                sourceBranch, targetBranch,
                maxEvidenceAge == null ? null : AgeParser.parse(maxEvidenceAge, "maxEvidenceAge"), smokeReport,
                stagingKubeconfig, githubApiUrl, autoMerge, pullRequest, allowFork, allowOtherBranch,
                overrideDenyWindow, registry, hubUrl);
        options.checkModeOptions("hubUrl");
        return options;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Binds the context to the core's ports and delegates; no logic of its own. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient PromoteToProdStep step;

        Execution(PromoteToProdStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepWorkspace workspace = StepWorkspace.open(getContext(), step.getDir());
            SmokeListenerLog log = new SmokeListenerLog(workspace.listener());
            RegistryCredentials registry =
                    RegistryCredentialsLookup.find(FUNCTION_NAME, step.getCredentialsId(), workspace.run());
            if (registry != null) {
                log.addSecret(registry.password());
            }
            GitCredentials git = PromoteCredentialsLookup.git(step.getGitCredentialsId(), workspace.run());
            if (git != null) {
                log.addSecret(git.password());
            }
            return StepWorkspace.failBuildOnError(() -> {
                PromoteOptions options = step.toOptions(registry);
                String hubToken = null;
                if (options.mode() == PromoteMode.DEPLOY) {
                    hubToken = PromoteCredentialsLookup.hubToken(step.getHubCredentialsId(), workspace.run(),
                            workspace.env());
                    log.addSecret(hubToken);
                }
                return new LinkedHashMap<>(new PromoteRun(workspace.processRunner(log), workspace.agent(), log,
                        workspace.env(), Clock.systemUTC()).run(workspace.loadConfig(step.getDeployment()), options,
                        git, git == null ? null : git.password(), hubToken));
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
            return "Promote staging to prod only with evidence that exactly this passed on staging";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, EnvVars.class, TaskListener.class);
        }

        // Snippet Generator form endpoints (config.jelly); none of them contacts GitHub, git, a registry or a hub.

        /** record first: the form's default. */
        public ListBoxModel doFillModeItems() {
            return StepForms.choices(null, Arrays.stream(PromoteMode.values()).map(PromoteMode::id).toList());
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

        @POST
        public ListBoxModel doFillHubCredentialsIdItems(@AncestorInPath Item item,
                                                        @QueryParameter String hubCredentialsId) {
            return StepForms.credentials(forms, item, StringCredentials.class, hubCredentialsId);
        }

        @POST
        public FormValidation doCheckHubCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkCredentials(forms, item, StringCredentials.class, StepForms.SECRET_TEXT, value);
        }

        public FormValidation doCheckHubUrl(@QueryParameter String value) {
            return StepForms.check(value, HubUrl::check);
        }

        public FormValidation doCheckStagingEnv(@QueryParameter String value) {
            return StepForms.check(value, NameRules::checkEnvironment);
        }

        public FormValidation doCheckMaxEvidenceAge(@QueryParameter String value) {
            return StepForms.check(value, text -> AgeParser.parse(text, "maxEvidenceAge"));
        }
    }
}
