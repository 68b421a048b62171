package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Item;
import hudson.util.ListBoxModel;

/**
 * What a step form's endpoints ask of Jenkins: may the current user see how the item (or, without one, Jenkins
 * itself) is configured, and which credentials can the item's builds use. The descriptors reach Jenkins only
 * through this, so their rules (who gets an answer, which credential type a field takes) are tested without a
 * Jenkins; {@link JenkinsFormContext} is the real one.
 */
interface FormContext {
    /** Item/ExtendedRead or Item/Configure on the item; Overall/Administer when there is no item. */
    boolean mayConfigure(Item item);

    /** An empty choice, the credentials of this type the item's builds can use, and the current value. */
    ListBoxModel credentialChoices(Item item, Class<? extends StandardCredentials> type, String current);

    /** Only the value the form sent: what a user who may not look gets back (it tells them nothing new). */
    ListBoxModel currentValueOnly(String current);

    /** Whether the item's builds can use a credential of this type with this ID. */
    boolean credentialExists(Item item, Class<? extends StandardCredentials> type, String id);
}
