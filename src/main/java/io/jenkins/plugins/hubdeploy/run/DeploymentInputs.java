package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;

import java.util.List;
import java.util.TreeSet;

/**
 * The repository paths one deployment's deploy to one environment depends on: its own directory (config file,
 * config/, secrets/, image/ and pins), the values files it layers (also those outside its directory), the chart
 * when it is in the repository, and the directory (and Dockerfile) of every image it builds, also when another
 * deployment's directory holds it. A change under any of them means the deployment must deploy again; shared inputs
 * (the common hub/ chart, a shared image) so count for every deployment that uses them.
 */
public final class DeploymentInputs {
    private DeploymentInputs() {
    }

    /** Sorted, '/'-separated, repository-relative; "." stands for the whole repository. */
    public static List<String> paths(DeploymentConfig config, EnvironmentSpec environment) {
        TreeSet<String> paths = new TreeSet<>();
        String file = config.configFile();
        int slash = file.lastIndexOf('/');
        paths.add(slash < 0 ? file : file.substring(0, slash));
        paths.addAll(environment.values());
        String chart = config.chart().path();
        if (!chart.contains("://")) {
            paths.add(chart);
        }
        for (ImageSpec image : config.images()) {
            if (image.context() != null) {
                paths.add(image.context());
            }
            if (image.dockerfile() != null) {
                paths.add(image.dockerfile());
            }
        }
        if (paths.contains(".")) {
            return List.of(".");
        }
        return List.copyOf(paths);
    }
}
