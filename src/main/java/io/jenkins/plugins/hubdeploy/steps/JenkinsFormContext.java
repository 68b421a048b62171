package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

/**
 * The form context of a running Jenkins. Credentials are listed with {@code lookupCredentials(type, item)}, that
 * is as {@code ACL.SYSTEM}: the authentication a build resolves its {@code credentialsId} with, unless the
 * Authorize Project plugin runs it as someone else. The credentials plugin's preferred
 * {@code includeMatchingAs(ACL.SYSTEM2 or Tasks.getAuthenticationOf2(job), ...)} needs Spring Security's
 * {@code Authentication}, {@code ACL} and {@code Tasks}, which the Jenkins API data this plugin compiles against
 * does not have; {@code includeMatching(item, ...)} would list as the user viewing the form, and Jenkins' global
 * credentials store answers only {@code ACL.SYSTEM}, so the list would be empty.
 */
final class JenkinsFormContext implements FormContext {
    static final FormContext INSTANCE = new JenkinsFormContext();

    private JenkinsFormContext() {
    }

    @Override
    public boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasAnyPermission(Item.EXTENDED_READ, Item.CONFIGURE);
    }

    @Override
    @SuppressWarnings("deprecation") // lookupCredentials: see the class comment
    public ListBoxModel credentialChoices(Item item, Class<? extends StandardCredentials> type, String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        for (StandardCredentials credentials : CredentialsProvider.lookupCredentials(type, item)) {
            model.with(credentials);
        }
        return withCurrent(model, current);
    }

    @Override
    public ListBoxModel currentValueOnly(String current) {
        return withCurrent(new StandardListBoxModel(), current);
    }

    @Override
    @SuppressWarnings("deprecation") // lookupCredentials: see the class comment
    public boolean credentialExists(Item item, Class<? extends StandardCredentials> type, String id) {
        return CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentials(type, item),
                CredentialsMatchers.withId(id)) != null;
    }

    /** Keeps a configured ID selectable when its credential is gone, so the form does not silently switch. */
    private static ListBoxModel withCurrent(StandardListBoxModel model, String current) {
        if (current != null && !current.isBlank()) {
            model.includeCurrentValue(current.strip());
        }
        return model;
    }
}
