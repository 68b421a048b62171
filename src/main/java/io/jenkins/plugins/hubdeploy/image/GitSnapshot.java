package io.jenkins.plugins.hubdeploy.image;

import java.util.List;

/**
 * What git knows about the image contexts: the committed files of HEAD under them, and the paths whose content on
 * disk may differ from HEAD (modified, deleted, untracked, ignored: directories when git reports a whole
 * directory). All paths are workspace-relative.
 */
public record GitSnapshot(String commit, List<FileEntry> tracked, List<String> changed) {
    public GitSnapshot {
        tracked = List.copyOf(tracked);
        changed = List.copyOf(changed);
    }
}
