package io.jenkins.plugins.hubdeploy.run;

import java.util.Map;

/** What a deploy run returns: the record of a deploy, or the preflight of a dry run. */
public sealed interface DeployOutcome permits DeployRecord, DeployPreflight {
    /** The map the step returns and the JSON object the CLI prints. */
    Map<String, Object> toMap();
}
