package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.ExecutableNotFoundException;
import io.jenkins.plugins.hubdeploy.platform.Interruptions;
import io.jenkins.plugins.hubdeploy.platform.ProcessResult;
import io.jenkins.plugins.hubdeploy.platform.ProcessRunner;
import io.jenkins.plugins.hubdeploy.platform.ProcessSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the workspace's git state with three commands whatever the number of images: {@code rev-parse} (is this a
 * repository, where in it is the workspace, which commit), one {@code ls-tree} over all contexts and one
 * {@code status} over all contexts. Returns empty whenever git cannot be trusted to describe the files (not a
 * repository, git missing, no commit yet, refused ownership, SHA-256 repository, names the output cannot carry):
 * the caller then hashes the files from disk, which gives the same tag, only slower.
 */
public final class GitWorkTree {
    static final Map<String, String> ENV = Map.of("GIT_OPTIONAL_LOCKS", "0", "LC_ALL", "C");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int SHA1_HEX = 40;
    private static final int MAX_STATUS_PATHSPECS = 8;

    private final ProcessRunner runner;
    private final BuildLog log;
    private final Map<String, String> env;

    public GitWorkTree(ProcessRunner runner, BuildLog log) {
        this(runner, log, Map.of());
    }

    /** {@code stepEnv}: the environment git runs with (the step's), plus {@link #ENV} over it. */
    public GitWorkTree(ProcessRunner runner, BuildLog log, Map<String, String> stepEnv) {
        this.runner = runner;
        this.log = log;
        this.env = withGitDefaults(stepEnv);
    }

    /** The caller's environment with {@link #ENV} over it: no optional locks, untranslated messages. */
    public static Map<String, String> withGitDefaults(Map<String, String> stepEnv) {
        Map<String, String> all = new java.util.HashMap<>(stepEnv);
        all.putAll(ENV);
        return Map.copyOf(all);
    }

    /** @param pathspecs workspace-relative, normalized directories and files ("." for the workspace root) */
    public Optional<GitSnapshot> snapshot(Collection<String> pathspecs) throws IOException, InterruptedException {
        ProcessResult head;
        try {
            head = git(List.of("rev-parse", "--show-prefix", "--verify", "HEAD"));
        } catch (ExecutableNotFoundException e) {
            log.info("content tags: git is not on PATH, hashing every file of the image contexts");
            return Optional.empty();
        }
        if (!head.ok()) {
            explainNoGit(head);
            return Optional.empty();
        }
        String[] lines = head.stdout().split("\n", -1);
        String prefix = lines.length > 0 ? lines[0] : "";
        String commit = lines.length > 1 ? lines[1].strip() : "";
        if (commit.length() != SHA1_HEX) {
            log.info("content tags: the repository does not use SHA-1 object ids, hashing every file of the image contexts");
            return Optional.empty();
        }
        List<String> specs = List.copyOf(pathspecs);
        ProcessResult tree = git(concat(List.of("--literal-pathspecs", "ls-tree", "-r", "-z", "--full-name", commit, "--"), specs));
        if (!tree.ok()) {
            log.warn("content tags: 'git ls-tree' failed (" + tree.tail(3) + "), hashing every file of the image contexts instead");
            return Optional.empty();
        }
        ProcessResult status = git(concat(List.of("--literal-pathspecs", "status", "--porcelain=v1", "-z",
                "--untracked-files=all", "--ignored=matching", "--ignore-submodules=none", "--no-renames", "--"),
                statusPathspecs(specs)));
        if (!status.ok()) {
            log.warn("content tags: 'git status' failed (" + status.tail(3) + "), hashing every file of the image contexts instead");
            return Optional.empty();
        }
        try {
            return Optional.of(new GitSnapshot(commit, parseLsTree(tree.stdout(), prefix),
                    relevant(parseStatus(status.stdout(), prefix), specs)));
        } catch (UntrustedPathException e) {
            log.warn("content tags: git reported a file name with a line break or invalid UTF-8 (" + e.getMessage()
                    + "), hashing every file of the image contexts instead");
            return Optional.empty();
        }
    }

    /**
     * {@code git status} matches every index entry against every pathspec, which costs more than the status itself
     * once there are many images (100 contexts: ~120 ms instead of ~45 ms). Past a few pathspecs it gets their
     * common ancestor instead, and {@link #relevant} drops what lies outside the contexts.
     */
    static List<String> statusPathspecs(List<String> specs) {
        if (specs.size() <= MAX_STATUS_PATHSPECS) {
            return specs;
        }
        String[] common = specs.get(0).split("/");
        int length = common.length;
        for (String spec : specs) {
            String[] parts = spec.split("/");
            int i = 0;
            while (i < Math.min(length, parts.length) && parts[i].equals(common[i])) {
                i++;
            }
            length = i;
        }
        return List.of(length == 0 ? ContentTagPaths.ROOT : String.join("/", Arrays.copyOf(common, length)));
    }

    /** The changed paths at or under a pathspec, or that contain one (a whole untracked or ignored directory). */
    static List<String> relevant(List<String> changed, List<String> specs) {
        Set<String> exact = new HashSet<>(specs);
        if (exact.contains(ContentTagPaths.ROOT)) {
            return changed;
        }
        Set<String> containing = new HashSet<>();
        for (String spec : specs) {
            containing.addAll(ContentTagPaths.ancestors(spec));
        }
        List<String> kept = new ArrayList<>();
        for (String path : changed) {
            if (exact.contains(path) || containing.contains(path)
                    || ContentTagPaths.ancestors(path).stream().anyMatch(exact::contains)) {
                kept.add(path);
            }
        }
        return kept;
    }

    private void explainNoGit(ProcessResult head) {
        String err = head.output();
        if (err.contains("not a git repository")) {
            log.info("content tags: the workspace is not a git repository, hashing every file of the image contexts");
        } else if (err.contains("dubious ownership") || err.contains("safe.directory")) {
            log.warn("content tags: git refuses this repository because another user owns it; hashing every file "
                    + "instead (same tags, slower). Add the workspace to git's safe.directory to avoid this");
        } else {
            log.info("content tags: no commit to read (" + head.tail(1) + "), hashing every file of the image contexts");
        }
    }

    private ProcessResult git(List<String> args) throws IOException, InterruptedException {
        List<String> argv = concat(List.of("git", "-c", "core.quotepath=off"), args);
        return runner.run(ProcessSpec.of(argv).withEnv(env).withTimeout(TIMEOUT));
    }

    /** Parses {@code ls-tree -r -z --full-name}: {@code <mode> SP <type> SP <id> TAB <path> NUL}. */
    static List<FileEntry> parseLsTree(String out, String prefix) throws UntrustedPathException, InterruptedException {
        List<FileEntry> entries = new ArrayList<>();
        for (String record : records(out)) {
            Interruptions.check("reading git ls-tree");
            int tab = record.indexOf('\t');
            String[] meta = record.substring(0, Math.max(tab, 0)).split(" ");
            if (tab < 0 || meta.length != 3) {
                throw new UntrustedPathException("unexpected ls-tree line '" + record + "'");
            }
            String path = withoutPrefix(trusted(record.substring(tab + 1)), prefix);
            if (path != null) {
                entries.add(new FileEntry(path, Integer.parseInt(meta[0], 8), meta[2]));
            }
        }
        return entries;
    }

    /** Parses {@code status --porcelain=v1 -z}: {@code XY SP <path> NUL}, plus the origin path for renames/copies. */
    static List<String> parseStatus(String out, String prefix) throws UntrustedPathException, InterruptedException {
        List<String> changed = new ArrayList<>();
        List<String> records = records(out);
        for (int i = 0; i < records.size(); i++) {
            Interruptions.check("reading git status");
            String record = records.get(i);
            if (record.length() < 4 || record.charAt(2) != ' ') {
                throw new UntrustedPathException("unexpected status line '" + record + "'");
            }
            char x = record.charAt(0);
            addChanged(changed, record.substring(3), prefix);
            if ((x == 'R' || x == 'C') && i + 1 < records.size()) {
                addChanged(changed, records.get(++i), prefix);
            }
        }
        return changed;
    }

    private static void addChanged(List<String> changed, String rawPath, String prefix) throws UntrustedPathException {
        String path = trusted(rawPath);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String relative = withoutPrefix(path, prefix);
        if (relative != null) {
            changed.add(relative);
        }
    }

    private static List<String> records(String out) {
        List<String> records = new ArrayList<>();
        for (String record : out.split("\0", -1)) {
            // the runner reads output line by line and ends it with '\n'; -z output itself never ends with one
            if (!record.isEmpty() && !record.equals("\n")) {
                records.add(record);
            }
        }
        return records;
    }

    /**
     * A runner that reads output as lines turns '\r' into '\n' and invalid UTF-8 into U+FFFD, so such names cannot
     * be matched against the files on disk.
     */
    private static String trusted(String path) throws UntrustedPathException {
        if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0 || path.indexOf('\uFFFD') >= 0) {
            throw new UntrustedPathException(path.replace("\n", "\\n").replace("\r", "\\r"));
        }
        return path;
    }

    private static String withoutPrefix(String path, String prefix) {
        if (prefix.isEmpty()) {
            return path;
        }
        return path.startsWith(prefix) && path.length() > prefix.length() ? path.substring(prefix.length()) : null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Git printed something this parser cannot map back to a file with certainty. */
    static final class UntrustedPathException extends Exception {
        private static final long serialVersionUID = 1L;

        UntrustedPathException(String message) {
            super(message);
        }
    }
}
