package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import io.jenkins.plugins.hubdeploy.run.EachDeployment;
import io.jenkins.plugins.hubdeploy.run.ManyDeployments;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options every command shares: where the repository is, which deployment, and the output form. */
final class CommonOptions {
    @Option(names = "-C", paramLabel = "DIR", description = "Repository root (default: the current directory).")
    Path root = Path.of(".");

    @Option(names = {"-d", "--deployment", "--deployments"}, paramLabel = "NAME",
            description = "Deployment (deployments/NAME/); may be left out when the repository has only one. "
                    + "'all' or a list (a,b,c) runs several, each isolated, with one summary table.")
    String deployment;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2",
            description = "With several deployments: how many run at once (1-8, default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout; logs go to stderr.")
    boolean json;

    Path repositoryRoot() throws HubDeployException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw HubDeployException.usage("-C " + root + ": no such directory; pass the repository root.");
        }
        return dir;
    }

    DeploymentSelection selection() throws HubDeployException {
        if (parallel < 1 || parallel > EachDeployment.MAX_PARALLEL) {
            throw HubDeployException.usage("--parallel " + parallel + " is out of range: give 1 to "
                    + EachDeployment.MAX_PARALLEL);
        }
        return new DeploymentSelection(deployment);
    }

    ManyDeployments many(BuildLog log) throws HubDeployException {
        return new ManyDeployments(runner(log), agent(), log, System.getenv());
    }

    /** {@code -C} as given, or null when it was left at the current directory (for messages). */
    String repositoryDirectoryOption() {
        return Path.of(".").equals(root) ? null : root.toString();
    }

    DeploymentConfig loadConfig() throws HubDeployException {
        return ConfigLoader.load(repositoryRoot(), deployment);
    }

    BuildLog log() {
        return new PrintStreamLog(System.err);
    }

    LocalAgent agent() throws HubDeployException {
        return new LocalAgent(repositoryRoot());
    }

    LocalProcessRunner runner(BuildLog log) throws HubDeployException {
        return new LocalProcessRunner(repositoryRoot(), log);
    }
}
