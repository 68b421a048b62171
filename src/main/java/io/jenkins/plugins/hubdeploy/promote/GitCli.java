package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real {@code git} ({@code GIT_BIN}, else {@code git} on PATH) in the repository, through the
 * {@link ProcessRunner} (the Launcher in Jenkins). Never prompts: with credentials it answers through a
 * {@code GIT_ASKPASS} program (see {@link GitAskpass}) and ignores other credential helpers; without, the remote's
 * ambient credentials apply (the CLI's case). Commits and notes get an identity of their own when the repository
 * has none (a fresh agent). Every output is masked before it reaches a message.
 */
public final class GitCli {
    public static final String GIT_BIN = "GIT_BIN";
    static final Duration LOCAL_TIMEOUT = Duration.ofMinutes(1);
    static final Duration REMOTE_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> AUTH_FAILURES = List.of("authentication failed", "could not read username",
            "could not read password", "permission denied", "returned error: 403", "returned error: 401",
            "terminal prompts disabled",
            "invalid username or password", "access denied", "write access to repository not granted");

    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final SecretMasker masker;
    private final String askpass;
    private List<String> identity;

    /** {@code askpass}: the script {@link GitAskpass} wrote, or null for the remote's ambient credentials. */
    public GitCli(ProcessRunner runner, Map<String, String> env, SecretMasker masker, String askpass) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.masker = masker;
        this.askpass = askpass;
    }

    String executable() {
        String bin = env.get(GIT_BIN);
        return bin == null || bin.isBlank() ? "git" : bin;
    }

    /** Runs {@code git args...} locally; exit 3 when git cannot run at all or is killed at its timeout. */
    public ProcessResult run(List<String> args) throws IOException, InterruptedException, HubDeployException {
        return run(args, LOCAL_TIMEOUT);
    }

    ProcessResult run(List<String> args, Duration timeout) throws IOException, InterruptedException, HubDeployException {
        List<String> argv = new ArrayList<>();
        argv.add(executable());
        if (askpass != null) {
            argv.addAll(List.of("-c", "credential.helper="));
        }
        argv.addAll(identity());
        argv.addAll(args);
        Map<String, String> vars = new HashMap<>();
        vars.put("GIT_TERMINAL_PROMPT", "0");
        vars.put("GIT_OPTIONAL_LOCKS", "0");
        vars.put("LC_ALL", "C");
        if (askpass != null) {
            vars.put("GIT_ASKPASS", askpass);
            vars.put("SSH_ASKPASS", askpass);
        }
        ProcessResult result;
        try {
            result = runner.run(new ProcessSpec(argv, vars, "", timeout, false));
        } catch (ExecutableNotFoundException e) {
            throw HubDeployException.environment("cannot run '" + executable() + "': git is not installed on the agent"
                    + " (or not on PATH); install git or point " + GIT_BIN + " at it");
        }
        if (result.timedOut()) {
            throw HubDeployException.environment("git " + args.get(0) + " did not finish within " + timeout.toSeconds()
                    + " s; check the remote's reachability and retry");
        }
        if (result.exitCode() == 127) {
            throw HubDeployException.environment("'" + executable() + "' was not found in the container (exit 127);"
                    + " install git in it or point " + GIT_BIN + " at it");
        }
        return result;
    }

    /** Runs a local command that must succeed; its stdout, trimmed. Failure: exit 3 with git's message. */
    public String require(List<String> args, String what) throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = run(args);
        if (!result.ok()) {
            throw HubDeployException.environment(what + " failed: " + errorText(result));
        }
        return result.stdout().strip();
    }

    /** Runs a command that talks to the remote (fetch, push, ls-remote), with the longer timeout. */
    public ProcessResult remote(List<String> args) throws IOException, InterruptedException, HubDeployException {
        return run(args, REMOTE_TIMEOUT);
    }

    /** True when git's output says the remote refused our credentials (exit 3, not a verdict). */
    public static boolean authenticationFailed(ProcessResult result) {
        String text = (result.stdout() + "\n" + result.stderr()).toLowerCase(Locale.ROOT);
        return AUTH_FAILURES.stream().anyMatch(text::contains);
    }

    /** True when a push was refused because the remote ref moved (not a fast-forward of what it has now). */
    public static boolean pushRejectedAsStale(ProcessResult result) {
        String text = (result.stdout() + "\n" + result.stderr()).toLowerCase(Locale.ROOT);
        return text.contains("[rejected]") || text.contains("non-fast-forward") || text.contains("fetch first")
                || text.contains("stale info") || text.contains("cannot lock ref");
    }

    /** git's own words, masked, last lines only. */
    public String errorText(ProcessResult result) {
        return masker.mask(result.tail(6));
    }

    /** {@code -c user.name/-c user.email} when the repository has no identity, so notes and merges can be written. */
    private List<String> identity() throws IOException, InterruptedException {
        if (identity == null) {
            identity = List.of();
            ProcessResult email;
            try {
                email = runner.run(new ProcessSpec(List.of(executable(), "config", "user.email"),
                        Map.of("LC_ALL", "C"), "", LOCAL_TIMEOUT, false));
            } catch (ExecutableNotFoundException e) {
                return identity;
            }
            boolean fromEnv = env.containsKey("GIT_COMMITTER_EMAIL") && env.containsKey("GIT_AUTHOR_EMAIL");
            if (!fromEnv && (!email.ok() || email.stdout().isBlank())) {
                identity = List.of("-c", "user.name=hubdeploy", "-c", "user.email=hubdeploy@localhost");
            }
        }
        return identity;
    }
}
