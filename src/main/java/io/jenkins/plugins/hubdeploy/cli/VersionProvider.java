package io.jenkins.plugins.hubdeploy.cli;

import picocli.CommandLine;

/** The version from the jar manifest (Implementation-Version), "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = HubDeployCli.class.getPackage().getImplementationVersion();
        return new String[] {"hubdeploy " + (version == null ? "dev" : version)};
    }
}
