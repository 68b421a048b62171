package io.jenkins.plugins.hubdeploy.steps;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Item;
import hudson.util.ListBoxModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for a Jenkins' permission checks and credential stores, which cannot run here: it answers
 * {@link FormContext} from a fixed table (who may configure; which credential IDs of which type exist) and records
 * what the descriptor asked, so a test sees that a denied user caused no credential lookup at all.
 */
final class FakeFormContext implements FormContext {
    /** A job the test configures; a form outside any job gets {@code null} from {@code @AncestorInPath}. */
    static final Item JOB = new Item() {
    };

    private final boolean mayConfigureJob;
    private final boolean administer;
    private final Map<Class<? extends StandardCredentials>, List<String>> store = new LinkedHashMap<>();
    final List<String> lookups = new ArrayList<>();

    private FakeFormContext(boolean mayConfigureJob, boolean administer) {
        this.mayConfigureJob = mayConfigureJob;
        this.administer = administer;
    }

    /** A user with Item/Configure on {@link #JOB}, not an administrator. */
    static FakeFormContext jobConfigurer() {
        return new FakeFormContext(true, false);
    }

    /** A user with Overall/Read only: may look at neither the job's configuration nor Jenkins'. */
    static FakeFormContext reader() {
        return new FakeFormContext(false, false);
    }

    /** An administrator: may configure everything, the job included. */
    static FakeFormContext administrator() {
        return new FakeFormContext(true, true);
    }

    FakeFormContext with(Class<? extends StandardCredentials> type, String... ids) {
        store.computeIfAbsent(type, t -> new ArrayList<>()).addAll(List.of(ids));
        return this;
    }

    @Override
    public boolean mayConfigure(Item item) {
        return item == null ? administer : mayConfigureJob;
    }

    @Override
    public ListBoxModel credentialChoices(Item item, Class<? extends StandardCredentials> type, String current) {
        lookups.add("list " + type.getSimpleName());
        ListBoxModel model = new ListBoxModel();
        model.add("- none -", "");
        for (String id : store.getOrDefault(type, List.of())) {
            model.add(id, id);
        }
        return withCurrent(model, current);
    }

    @Override
    public ListBoxModel currentValueOnly(String current) {
        return withCurrent(new ListBoxModel(), current);
    }

    @Override
    public boolean credentialExists(Item item, Class<? extends StandardCredentials> type, String id) {
        lookups.add("find " + type.getSimpleName() + " " + id);
        return store.getOrDefault(type, List.of()).contains(id);
    }

    private static ListBoxModel withCurrent(ListBoxModel model, String current) {
        if (current != null && !current.isBlank() && model.stream().noneMatch(o -> o.value.equals(current))) {
            model.add(current, current);
        }
        return model;
    }

    static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).toList();
    }
}
