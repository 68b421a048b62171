package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.List;

/** The checked-out commit and its tree, and whether tracked files differ from it. */
public record RepoState(String commit, String tree, boolean dirty) {
    static RepoState read(GitCli git) throws IOException, InterruptedException, HubDeployException {
        String[] ids = git.require(List.of("rev-parse", "HEAD", "HEAD^{tree}"),
                "git rev-parse HEAD (is the repository directory a git checkout?)").split("\n");
        String status = git.require(List.of("status", "--porcelain", "--untracked-files=no"), "git status");
        return new RepoState(ids[0].strip(), ids[1].strip(), !status.isBlank());
    }
}
