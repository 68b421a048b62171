package io.jenkins.plugins.hubdeploy.run;

import io.jenkins.plugins.hubdeploy.helm.ImageValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dry run's result: what would be deployed, the objects the chart renders, and what changes against the live
 * release's values (secrets shown as {@code (secret)}).
 *
 * @param releaseExists whether the live release was found (false: everything is new, or the cluster was not reachable)
 * @param missingImages references the registry does not have yet (a deploy would refuse them)
 * @param secretsLeftOut the values files (repository paths) the preflight left out of the rendering and the diff
 *                       because they hold secrets: never decrypted, never given to helm
 * @param valuesSha256   of the values the preflight rendered (without the secrets files: not comparable to a deploy's)
 */
public record DeployPreflight(String release, String namespace, String environment, List<ImageValues> images,
                              List<String> missingImages, List<String> renderedObjects, boolean releaseExists,
                              List<String> valuesDiff, String valuesSha256,
                              List<String> secretsLeftOut) implements DeployOutcome {
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dryRun", true);
        map.put("release", release);
        map.put("namespace", namespace);
        map.put("environment", environment);
        map.put("images", DeployRecord.imageMaps(images));
        map.put("missingImages", new ArrayList<>(missingImages));
        map.put("renderedObjects", new ArrayList<>(renderedObjects));
        map.put("releaseExists", releaseExists);
        map.put("valuesDiff", new ArrayList<>(valuesDiff));
        map.put("valuesSha256", valuesSha256);
        map.put("secretsLeftOut", new ArrayList<>(secretsLeftOut));
        return map;
    }
}
