package io.jenkins.plugins.hubdeploy.cli;

import io.jenkins.plugins.hubdeploy.config.DeploymentConfig;
import io.jenkins.plugins.hubdeploy.config.ImageSpec;
import io.jenkins.plugins.hubdeploy.image.ContentTagger;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.run.DeploymentSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hubdeploy tags}: the content-addressed tag of every image, without touching a registry. */
@Command(name = "tags", mixinStandardHelpOptions = true,
        description = "Print the content-addressed tag of each image of the deployment (no registry, no build); a prebuilt image pinned in hubploy.yaml prints its pin.")
final class TagsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        BuildLog log = common.log();
        DeploymentSelection selection = common.selection();
        if (selection.many()) {
            return ManyOutput.finish(common, common.many(log).tags(selection, common.parallel));
        }
        DeploymentConfig config = common.loadConfig();
        List<ImageSpec> images = config.images();
        List<String> tags = new ContentTagger(common.runner(log), common.agent(), log)
                .tagsFor(images, config.build().maxContextFiles());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", images.get(i).name());
            row.put("tag", tags.get(i));
            row.put("source", images.get(i).source().name().toLowerCase(java.util.Locale.ROOT));
            rows.add(row);
        }
        if (common.json) {
            JsonOutput.print(System.out, Map.of("images", rows));
        } else {
            rows.forEach(row -> System.out.println(row.get("name") + (row.get("tag").toString().startsWith("sha256:")
                    ? "@" : ":") + row.get("tag") + ("prebuilt".equals(row.get("source")) ? "  (prebuilt)" : "")));
        }
        return 0;
    }
}
