package io.jenkins.plugins.hubdeploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Map;

/** Entry point of {@code hubdeploy}: the same engine as the Jenkins steps, for a terminal or any CI. */
@Command(name = "hubdeploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Build, deploy, smoke-test and promote a JupyterHub deployment.",
        subcommands = {TagsCommand.class, BuildCommand.class, DeployCommand.class, SmokeCommand.class, PromoteCommand.class,
                PinCommand.class, PlanCommand.class, RunCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success; 1 the verdict is failure (build failed, ...); 2 bad usage or invalid "
                + "configuration; 3 environment problem (tool missing, service unreachable, authentication refused, "
                + "timeout)."})
public final class HubDeployCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CleanupOnSignal signal = CleanupOnSignal.install(Thread.currentThread());
        int code = execute(args);
        signal.finished();
        if (!signal.signalled()) {
            System.exit(code);
        }
    }

    /** Runs the CLI and returns the exit code (tests call this in-process). */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** As {@link #execute(String...)} with {@code env} as the environment the commands read their secrets from. */
    static int execute(Map<String, String> env, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == PinCommand.class ? type.cast(new PinCommand(env)) : defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new HubDeployCli(), factory);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (tags, build, deploy, smoke, promote, pin, plan, run)");
    }
}
