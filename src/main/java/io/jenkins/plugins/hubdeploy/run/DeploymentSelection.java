package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which deployments a run covers: one (the classic single-deployment run: its failure is the run's failure), all of
 * the repository's ({@code all}), or a list ({@code a,b,c}); each of several runs isolated, summarised in one table.
 * A directory under {@code deployments/} without hubploy.yaml / hubdeploy.yaml (e.g. a cookiecutter {@code template})
 * is not a deployment and never part of {@code all}.
 *
 * @param spec the text given: null/blank (the only deployment), a name, {@code all}, or names separated by ',' or blanks
 */
public record DeploymentSelection(String spec) implements Serializable {
    public static final String ALL = "all";

    /** Several deployments: {@code all} or a list of more than one name. */
    public boolean many() {
        return spec != null && (spec.strip().equals(ALL) || names().size() > 1);
    }

    /** The single deployment named, or null (the repository's only one). */
    public String single() {
        return spec == null || spec.isBlank() ? null : spec.strip();
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (String part : spec.split("[,\\s]+")) {
            if (!part.isBlank() && !names.contains(part.strip())) {
                names.add(part.strip());
            }
        }
        return names;
    }

    /** The deployments to run, in the repository's order for {@code all}, as given for a list; exit 2 for unknown names. */
    public List<String> resolve(Path repoRoot) throws HubDeployException {
        List<String> known = ConfigLoader.listDeployments(repoRoot);
        if (spec == null || spec.isBlank()) {
            throw HubDeployException.usage("no deployments given: pass 'all' or names separated by commas");
        }
        if (spec.strip().equals(ALL)) {
            if (known.isEmpty()) {
                throw HubDeployException.usage("'all': this repository defines no deployment (no deployments/<name>/"
                        + ConfigLoader.HUBPLOY_YAML + " or " + ConfigLoader.HUBDEPLOY_YAML + ")");
            }
            return known;
        }
        Set<String> result = new LinkedHashSet<>();
        for (String name : names()) {
            if (!known.contains(name)) {
                throw HubDeployException.usage("unknown deployment '" + name + "' in '" + spec.strip() + "'"
                        + io.jenkins.plugins.hubdeploy.config.ConfigLoader.didYouMean(name, known)
                        + "; this repository defines: " + String.join(", ", known));
            }
            result.add(name);
        }
        return List.copyOf(result);
    }
}
