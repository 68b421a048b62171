package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.helm.DeployFiles;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps evidence as git notes under {@code refs/notes/hubdeploy}, pushed to the repository's remote, so any later
 * build on any agent finds it after this workspace is gone. Each record is noted twice with the same text: on the
 * deployed commit (what people see with {@code git log --notes=hubdeploy}), and on that commit's tree, which is how
 * a promotion finds it: a prod merge commit has another id but the same tree, and a shallow clone may lack the
 * staging commit but always has its own tree. Concurrent recorders are safe: a push that loses the race (the
 * remote notes ref moved) fetches, re-applies and pushes again, a bounded number of times.
 */
public final class EvidenceStore {
    public static final String REF = "refs/notes/hubdeploy";
    static final int PUSH_ATTEMPTS = 5;

    private final GitCli git;
    private final String remote;
    private final Agent agent;
    private final String scratch;
    private final BuildLog log;

    /** {@code scratch}: a private directory on the agent for the note file (see ScratchDir). */
    public EvidenceStore(GitCli git, String remote, Agent agent, String scratch, BuildLog log) {
        this.git = git;
        this.remote = remote;
        this.agent = agent;
        this.scratch = scratch;
        this.log = log;
    }

    /** Replaces the local notes ref with the remote's (a missing remote ref leaves the local one as it is). */
    public void fetch() throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = git.remote(List.of("fetch", "--quiet", "--no-tags", remote, "+" + REF + ":" + REF));
        if (result.ok()) {
            return;
        }
        String text = result.stderr() + result.stdout();
        if (text.contains("couldn't find remote ref")) {
            return;
        }
        throw remoteFailure("fetch the evidence notes (" + REF + ") from", result, "read access (contents: read)");
    }

    /** The note on {@code object} (a commit or tree id) in the local notes ref, if any. */
    public Optional<EvidenceNote> read(String object) throws IOException, InterruptedException, HubDeployException {
        ProcessResult result = git.run(List.of("notes", "--ref=" + REF, "show", object));
        if (!result.ok()) {
            String text = result.stderr() + result.stdout();
            if (text.contains("no note found") || text.contains("failed to resolve")) {
                return Optional.empty();
            }
            throw HubDeployException.environment("git notes show " + object + " failed: " + git.errorText(result));
        }
        return Optional.of(EvidenceNote.parse(result.stdout(), "on " + object));
    }

    /** The evidence of {@code deployment}'s {@code environment} for exactly {@code tree}, from the fetched notes. */
    public Optional<Evidence> forTree(String tree, String deployment, String environment)
            throws IOException, InterruptedException, HubDeployException {
        Optional<EvidenceNote> note = read(tree);
        return note.isEmpty() ? Optional.empty() : note.get().find(deployment, environment);
    }

    /** Adds {@code evidence} to the notes of its commit and tree and pushes them; bounded retries on a lost race. */
    public void record(Evidence evidence) throws IOException, InterruptedException, HubDeployException {
        for (int attempt = 1; ; attempt++) {
            fetch();
            note(evidence.commit(), evidence);
            note(evidence.tree(), evidence);
            ProcessResult push = git.remote(List.of("push", "--quiet", "--porcelain", remote, REF + ":" + REF));
            if (push.ok()) {
                log.info("evidence (" + evidence.result() + ") for " + evidence.deployment() + "/" + evidence.environment()
                        + " recorded as git note " + REF + " on commit " + evidence.commit() + " and tree "
                        + evidence.tree() + ", pushed to " + remote);
                return;
            }
            if (!GitCli.pushRejectedAsStale(push) || GitCli.authenticationFailed(push)) {
                throw remoteFailure("push the evidence notes (" + REF + ") to", push, "write access (contents: write)");
            }
            if (attempt == PUSH_ATTEMPTS) {
                throw HubDeployException.environment("could not push the evidence notes to " + remote + ": the remote's "
                        + REF + " moved on every one of " + PUSH_ATTEMPTS + " attempts (other builds recording at the"
                        + " same time); run the record again");
            }
            log.info("another build pushed evidence notes at the same time; fetching and retrying (" + attempt + "/"
                    + PUSH_ATTEMPTS + ")");
            Thread.sleep(200L * attempt);
        }
    }

    private void note(String object, Evidence evidence) throws IOException, InterruptedException, HubDeployException {
        EvidenceNote note = read(object).orElse(EvidenceNote.empty()).with(evidence);
        String file = Path.of(scratch, "note-" + object + ".json").toString();
        agent.run(new DeployFiles.WritePrivate(file, note.toJson()));
        git.require(List.of("notes", "--ref=" + REF, "add", "--force", "--file", file, object),
                "git notes add on " + object);
    }

    private HubDeployException remoteFailure(String action, ProcessResult result, String permission) {
        String detail = git.errorText(result);
        if (GitCli.authenticationFailed(result)) {
            return HubDeployException.environment("git could not " + action + " remote '" + remote + "': the remote"
                    + " refused the credentials (" + detail + "). Give the job's git credentials (gitCredentialsId)"
                    + " " + permission + " on the repository");
        }
        return HubDeployException.environment("git could not " + action + " remote '" + remote + "': " + detail
                + ". Check the remote's URL and that the agent can reach it");
    }
}
