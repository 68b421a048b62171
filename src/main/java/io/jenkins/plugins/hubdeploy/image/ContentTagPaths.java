package io.jenkins.plugins.hubdeploy.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Workspace-relative, '/'-separated paths as the content tag uses them; "." is the workspace root. */
final class ContentTagPaths {
    static final String ROOT = ".";

    private ContentTagPaths() {
    }

    /**
     * Normalizes a configured path: drops "." parts, doubled and trailing '/'. Throws
     * {@link IllegalArgumentException} for an absolute path or one that leaves the workspace with "..".
     */
    static String normalize(String path) {
        String p = path == null ? "" : path.strip().replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:/.*")) {
            throw new IllegalArgumentException("'" + path + "' is absolute; give a path relative to the repository root");
        }
        List<String> parts = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("'" + path + "' leaves the repository with '..'");
            }
            parts.add(part);
        }
        return parts.isEmpty() ? ROOT : String.join("/", parts);
    }

    static String join(String dir, String name) {
        return dir.equals(ROOT) ? name : dir + "/" + name;
    }

    static Path resolve(Path workspace, String path) {
        return path.equals(ROOT) ? workspace : workspace.resolve(path);
    }

    static String toSlashes(Path relative) {
        String s = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
        return s.isEmpty() ? ROOT : s;
    }

    /** The directories that contain {@code path}, nearest first, ending with ".": never {@code path} itself. */
    static List<String> ancestors(String path) {
        List<String> out = new ArrayList<>();
        if (path.equals(ROOT)) {
            return out;
        }
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            out.add(path.substring(0, slash));
        }
        out.add(ROOT);
        return out;
    }

    /** {@code path} relative to the directory {@code dir}, which must contain it. */
    static String relativeTo(String dir, String path) {
        return dir.equals(ROOT) ? path : path.substring(dir.length() + 1);
    }

    static boolean isUnder(String dir, String path) {
        return dir.equals(ROOT) || path.startsWith(dir + "/");
    }
}
