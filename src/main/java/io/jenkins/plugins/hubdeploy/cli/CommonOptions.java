package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.ConfigLoader;
import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.PrintStreamLog;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options every command shares: where the repository is, which deployment, and the output form. */
final class CommonOptions {
    @Option(names = "-C", paramLabel = "DIR", description = "Repository root (default: the current directory).")
    Path root = Path.of(".");

    @Option(names = {"-d", "--deployment"}, paramLabel = "NAME",
            description = "Deployment (deployments/NAME/); may be left out when the repository has only one.")
    String deployment;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout; logs go to stderr.")
    boolean json;

    Path repositoryRoot() throws HubDeployException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw HubDeployException.usage("-C " + root + ": no such directory; pass the repository root.");
        }
        return dir;
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
