package io.jenkins.plugins.hubdeploy.image;

import java.io.Serializable;
import java.util.Objects;

/**
 * One file of a build context as the content tag sees it: its path ('/'-separated, relative to the workspace or to
 * a context, depending on who holds it), its git mode and its git object id (the blob id of a file or symlink, the
 * commit id of a submodule).
 */
public record FileEntry(String path, int mode, String objectId) implements Serializable {
    public static final int REGULAR = 0100644;
    public static final int EXECUTABLE = 0100755;
    public static final int SYMLINK = 0120000;
    public static final int GITLINK = 0160000;

    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(objectId, "objectId");
        mode = normalizeMode(mode);
    }

    /**
     * Reduces a git mode to what a build sees: a regular file is executable or not (git itself only records
     * 100644 and 100755, old repositories may hold 100664), a symlink, or a submodule.
     */
    public static int normalizeMode(int mode) {
        return switch (mode & 0170000) {
            case 0120000 -> SYMLINK;
            case 0160000 -> GITLINK;
            default -> (mode & 0100) != 0 ? EXECUTABLE : REGULAR;
        };
    }

    public FileEntry withPath(String newPath) {
        return new FileEntry(newPath, mode, objectId);
    }

    public String modeOctal() {
        return Integer.toOctalString(mode);
    }
}
