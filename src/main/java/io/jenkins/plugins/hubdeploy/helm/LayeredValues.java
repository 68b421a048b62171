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
 */
public record LayeredValues(List<String> files, Map<String, Object> merged, Set<String> secretPaths, boolean secretsInUse) {
}
