package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy tags}: the content-addressed tag of every image, without touching a registry. */
@Command(name = "tags", mixinStandardHelpOptions = true,
        description = "Print the content-addressed tag of each image of the deployment (no registry, no build).")
final class TagsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        DeploymentConfig config = common.loadConfig();
        BuildLog log = common.log();
        List<ImageSpec> images = config.images();
        List<String> tags = new ContentTagger(common.runner(log), common.agent(), log)
                .tagsFor(images, config.build().maxContextFiles());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", images.get(i).name());
            row.put("tag", tags.get(i));
            rows.add(row);
        }
        if (common.json) {
            JsonOutput.print(System.out, Map.of("images", rows));
        } else {
            rows.forEach(row -> System.out.println(row.get("name") + ":" + row.get("tag")));
        }
        return 0;
    }
}
