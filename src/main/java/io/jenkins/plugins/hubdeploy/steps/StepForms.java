package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.util.List;

/**
 * The rules every step form follows; a descriptor only says which field takes what. Format checks call the core's
 * own rule for the field (so the form and a run refuse the same values) and see nothing but the value they are
 * sent. Credential lists and checks tell who may see what, so they answer only users who may see the item's
 * configuration. No check contacts a hub, registry or cluster.
 */
final class StepForms {
    static final String USERNAME_PASSWORD = "Username with password";
    static final String SECRET_TEXT = "Secret text";

    private StepForms() {
    }

    /** A core rule for one text value: returns normally or throws a usage error naming the field. */
    interface TextRule {
        void check(String value) throws HubDeployException;
    }

    /** A core rule for one whole-number value. */
    interface NumberRule {
        void check(long value) throws HubDeployException;
    }

    static ListBoxModel credentials(FormContext context, Item item, Class<? extends StandardCredentials> type,
                                    String current) {
        return context.mayConfigure(item) ? context.credentialChoices(item, type, current)
                : context.currentValueOnly(current);
    }

    /** @param typeName the credential type as the Add dialog names it, e.g. "Username with password" */
    static FormValidation checkCredentials(FormContext context, Item item, Class<? extends StandardCredentials> type,
                                           String typeName, String value) {
        if (!context.mayConfigure(item) || value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        String id = value.strip();
        if (context.credentialExists(item, type, id)) {
            return FormValidation.ok();
        }
        return FormValidation.error("No '" + typeName + "' credential with ID '" + id + "' is available to this job;"
                + " add one with Add, or pick another");
    }

    /** An optional text field: blank is fine (the step's default applies), anything else must pass the rule. */
    static FormValidation check(String value, TextRule rule) {
        if (value == null || value.isBlank()) {
            return FormValidation.ok();
        }
        try {
            rule.check(value.strip());
            return FormValidation.ok();
        } catch (HubDeployException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** An optional Integer field: blank is fine, else a whole number the rule accepts. */
    static FormValidation checkNumber(String value, NumberRule rule) {
        return check(value, text -> {
            int number;
            try {
                number = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw HubDeployException.usage("'" + text + "' is not a whole number");
            }
            rule.check(number);
        });
    }

    /** A drop-down of fixed choices; the first entry, value "", means "not set" when {@code unsetLabel} is given. */
    static ListBoxModel choices(String unsetLabel, List<String> values) {
        ListBoxModel model = new ListBoxModel();
        if (unsetLabel != null) {
            model.add(unsetLabel, "");
        }
        for (String value : values) {
            model.add(value, value);
        }
        return model;
    }
}
