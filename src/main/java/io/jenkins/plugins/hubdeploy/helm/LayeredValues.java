package io.jenkins.plugins.hubdeploy.helm;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of one deploy, ready for helm.
 *
 * @param files        absolute paths for {@code -f}, in layering order: the environment's files (decrypted copies
 *                     for sops files), then the generated image values
 * @param merged       what helm will see as user-supplied values (for the hash and the diff)
 * @param secretPaths  dotted paths whose values came from a secrets file: a diff never shows their values
 * @param secretsInUse at least one secrets file is part of the deploy
 * @param leftOut      secrets files (repository paths) a preflight left out: not in {@code files}, not merged
 * @param leftOutPaths dotted paths the left-out files define (read from their keys, never their values): a diff
 *                     does not compare them
 * @param leftOutKeysUnknown a left-out file's keys could not be read (git-crypt-locked, not YAML)
 */
public record LayeredValues(List<String> files, Map<String, Object> merged, Set<String> secretPaths, boolean secretsInUse,
                            List<String> leftOut, Set<String> leftOutPaths, boolean leftOutKeysUnknown) {
    /** Values with every file layered (a deploy): nothing left out. */
    public LayeredValues(List<String> files, Map<String, Object> merged, Set<String> secretPaths, boolean secretsInUse) {
        this(files, merged, secretPaths, secretsInUse, List.of(), Set.of(), false);
    }
}
