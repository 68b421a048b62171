package io.jenkins.plugins.hubdeploy.image;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What {@link ContentTagScanTask} found on disk.
 *
 * @param dockerignores   the text of each context's {@code .dockerignore}, by context (contexts without one are absent)
 * @param files           files found under the scanned paths that some image may include, workspace-relative
 * @param missing         scanned paths that do not exist on disk (deleted files), workspace-relative
 * @param missingContexts contexts that are not directories on disk
 */
public record ContentTagScan(Map<String, String> dockerignores, List<FileEntry> files, List<String> missing,
                             List<String> missingContexts) implements Serializable {
    public ContentTagScan {
        dockerignores = Map.copyOf(dockerignores);
        files = List.copyOf(files);
        missing = List.copyOf(missing);
        missingContexts = List.copyOf(missingContexts);
    }
}
