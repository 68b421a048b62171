package io.jenkins.plugins.hubdeploy.jenkinsrules;

import io.jenkins.plugins.hubdeploy.image.GitSnapshot;
import io.jenkins.plugins.hubdeploy.image.GitWorkTree;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.LocalAgent;
import io.jenkins.plugins.hubdeploy.platform.LocalProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.steps.StepProcessRunner;
import io.jenkins.plugins.hubdeploy.testing.CollectingLog;
import io.jenkins.plugins.hubdeploy.testing.Components;
import io.jenkins.plugins.hubdeploy.testing.MergedStreamsRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The steps' process runner against real programs, launched as Jenkins' Launcher and as the kubernetes plugin's
 * container() would (simulations of their rules, see the launch classes): issue 7, items 3 (merged streams,
 * exit 127) and 11 (the step's PATH decides which executable runs).
 */
class StepProcessesTest {
    @TempDir
    Path workspace;

    private final CollectingLog log = new CollectingLog();

    @Test
    void theStepsPathDecidesWhichExecutableRunsOnAPlainAgent() throws Exception {
        assertWrapperFirstOnStepPathRuns(new LocalLauncherSimulation(workspace));
    }

    @Test
    void theStepsPathDecidesWhichExecutableRunsInsideContainer() throws Exception {
        assertWrapperFirstOnStepPathRuns(new ContainerExecSimulation(workspace));
    }

    @Test
    void aMissingToolIsNotFoundOnAPlainAgentAndInsideContainer() throws Exception {
        for (StepProcessRunner.Launch launch : List.of(new LocalLauncherSimulation(workspace),
                new ContainerExecSimulation(workspace))) {
            StepProcessRunner runner = new StepProcessRunner(launch, new LocalAgent(workspace), stepEnv(), log);

            ExecutableNotFoundException e = catchThrowableOfType(ExecutableNotFoundException.class,
                    () -> runner.run(ProcessSpec.of(List.of("hubdeploy-no-such-tool", "--version"))));

            assertThat(e).as(launch.getClass().getSimpleName()).isNotNull();
            assertThat(e.executable()).isEqualTo("hubdeploy-no-such-tool");
        }
    }

    /** Real git with GIT_TRACE=1: trace lines on stderr, which container() merges into the same stream as stdout. */
    @Test
    void gitOutputIsParsedWhileTraceLinesShareItsStreamInsideContainer() throws Exception {
        Components.require("git", "apt-get install -y git");
        String head = commitOneFile();
        Map<String, String> env = stepEnv();
        env.put("GIT_TRACE", "1");
        StepProcessRunner runner = new StepProcessRunner(new ContainerExecSimulation(workspace), new LocalAgent(workspace),
                env, log);

        Optional<GitSnapshot> snapshot = new GitWorkTree(runner, log).snapshot(List.of("."));
        ProcessResult raw = new MergedStreamsRunner(new LocalProcessRunner(workspace, log))
                .run(ProcessSpec.of(List.of("git", "rev-parse", "HEAD")).withEnv(Map.of("GIT_TRACE", "1")));

        assertThat(raw.stdout()).as("the fault: one stream carries trace and output").contains("trace").contains(head);
        assertThat(snapshot).isPresent();
        assertThat(snapshot.get().commit()).isEqualTo(head);
        assertThat(snapshot.get().tracked()).extracting(f -> f.path()).containsExactly("Dockerfile");
    }

    /** Issue 7, item 10: an aborted build (the step's thread interrupted) stops the tool and removes the scratch. */
    @Test
    void anInterruptedCommandIsKilledAndItsScratchDirectoryRemoved() throws Exception {
        StepProcessRunner runner = new StepProcessRunner(new LocalLauncherSimulation(workspace), new LocalAgent(workspace),
                stepEnv(), log);
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread step = new Thread(() -> {
            try {
                runner.run(ProcessSpec.of(List.of("sleep", "41.5")));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        step.start();
        Path tmp = workspace.resolveSibling(workspace.getFileName() + "@tmp");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!sleeping() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sleeping()).as("the command started").isTrue();
        assertThat(tmp).as("its stdout scratch exists while it runs").isDirectory();

        step.interrupt();
        step.join(20_000);

        assertThat(step.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        long gone = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sleeping() && System.nanoTime() < gone) {
            Thread.sleep(50); // a killed process disappears once the kernel and the JVM reaped it
        }
        assertThat(sleeping()).as("the command was killed").isFalse();
        assertThat(tmp).doesNotExist();
    }

    private static boolean sleeping() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 41.5"));
    }

    private void assertWrapperFirstOnStepPathRuns(StepProcessRunner.Launch launch) throws Exception {
        Path bin = Files.createDirectories(workspace.resolve("wrappers"));
        Path wrapper = bin.resolve("hubdeploy-path-probe");
        Files.writeString(wrapper, "#!/bin/sh\necho \"wrapper from the step's PATH: $*\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = stepEnv();
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        StepProcessRunner runner = new StepProcessRunner(launch, new LocalAgent(workspace), env, log);

        ProcessResult result = runner.run(ProcessSpec.of(List.of("hubdeploy-path-probe", "--version")));

        assertThat(result.ok()).isTrue();
        assertThat(result.stdout()).isEqualTo("wrapper from the step's PATH: --version\n");
    }

    private Map<String, String> stepEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", workspace.toString());
        return env;
    }

    private String commitOneFile() throws Exception {
        Files.writeString(workspace.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(workspace.resolve(".gitignore"), "wrappers/\n");
        git("init", "-q", "-b", "main");
        git("add", "Dockerfile");
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one");
        return git("rev-parse", "HEAD").strip();
    }

    private String git(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessResult r = new LocalProcessRunner(workspace, log).run(ProcessSpec.of(argv).withEnv(Map.of("HOME", workspace.toString())));
        assertThat(r.ok()).as(String.join(" ", argv) + ": " + r.output()).isTrue();
        return r.stdout();
    }
}
