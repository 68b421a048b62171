package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.Map;

/** {@code deploy}: verify the evidence for HEAD's tree, then deploy prod with the guards (deny windows, lock). */
final class DeployMode {
    private DeployMode() {
    }

    static Map<String, Object> run(PromoteContext ctx) throws IOException, InterruptedException, HubDeployException {
        RepoState head = RepoState.read(ctx.git);
        ctx.verifyTree(head.tree());
        throw HubDeployException.usage("mode deploy is not available yet: the evidence of tree " + head.tree()
                + " verified, but the prod deploy (deny windows, lock, prod smoke, rollback) is not part of this build");
    }
}
