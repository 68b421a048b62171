package io.jenkins.plugins.hubdeploy.cli;

/** Entry point of {@code hubdeploy}; the commands are built in the cli package. */
public final class HubDeployCli {
    private HubDeployCli() {
    }

    public static void main(String[] args) {
        System.err.println("hubdeploy: not built yet");
        System.exit(2);
    }
}
