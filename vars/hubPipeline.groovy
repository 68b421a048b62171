// hubPipeline: the deployment repository's whole flow in one call, with DataHub's branch rules.
// Today: build images, deploy staging (a preflight on pull requests) and smoke-test it. The promotion step joins
// it when it ships. Documentation: vars/hubPipeline.txt
def call(Map args = [:]) {
    Map defaults = [
        deployment             : null,     // deployments/<name>/; null when the repository has one
        dir                    : '.',      // repository root inside the workspace
        stagingBranch          : 'staging',
        prodBranch             : 'prod',
        registryCredentialsId  : null,     // "Username with password" credential for pushing images
        builder                : null,     // auto | buildah | docker | podman | kaniko (null: the config's)
        kubeconfigCredentialsId: null,     // kubeconfig credential that deploys staging (null: KUBECONFIG as set)
        previewKubeconfigCredentialsId: null, // read-only kubeconfig for a pull request's preflight (null: none)
        deployTimeout          : null,     // helm --timeout (null: 30m)
        hubTokenCredentialsId  : null,     // Secret text: staging hub API token (null: JUPYTERHUB_API_TOKEN)
        smokeTest              : true,     // smoke-test staging after each deploy
    ]
    def unknown = args.keySet() - defaults.keySet()
    if (unknown) {
        error "hubPipeline: unknown option(s) ${unknown.sort()}; known: ${defaults.keySet().sort()}"
    }
    Map cfg = defaults + args

    boolean pullRequest = env.CHANGE_ID != null
    boolean stagingBranch = !pullRequest && env.BRANCH_NAME == cfg.stagingBranch
    boolean deployBranch = !pullRequest && env.BRANCH_NAME in [cfg.stagingBranch, cfg.prodBranch]

    // a pull request (or any other branch) builds and never pushes; staging and prod push what is missing
    Map buildArgs = [deployment: cfg.deployment, dir: cfg.dir, push: deployBranch, builder: cfg.builder,
                     credentialsId: deployBranch ? cfg.registryCredentialsId : null]
    def images = buildHubImage(buildArgs.findAll { it.value != null })
    for (image in images) {
        echo "hubPipeline: ${image.image} built=${image.built} pushed=${image.pushed} digest=${image.digest ?: '-'}"
    }

    def deploy = null
    if (pullRequest || stagingBranch) {
        // a pull request gets the preflight (what would change); the staging branch deploys staging
        Map deployArgs = [deployment: cfg.deployment, dir: cfg.dir, env: 'staging', dryRun: pullRequest,
                          timeout: cfg.deployTimeout]
        Closure run = { helmDeployStaging(deployArgs.findAll { it.value != null }) }
        // a pull request's chart never gets the deploying kubeconfig
        String kubeconfig = pullRequest ? cfg.previewKubeconfigCredentialsId : cfg.kubeconfigCredentialsId
        deploy = kubeconfig ? withKubeConfig([credentialsId: kubeconfig], run) : run()
        echo(pullRequest ? "hubPipeline: preflight of ${deploy.release}: ${deploy.valuesDiff?.size() ?: 0} values change(s)"
                         : "hubPipeline: deployed ${deploy.release} revision ${deploy.revision}")
    }
    def smoke = null
    if (stagingBranch && cfg.smokeTest) {
        Map smokeArgs = [deployment: cfg.deployment, dir: cfg.dir, env: 'staging',
                         credentialsId: cfg.hubTokenCredentialsId]
        try {
            smoke = runHubSmokeTests(smokeArgs.findAll { it.value != null })
            echo "hubPipeline: staging smoke test: ${smoke.passed} passed, JupyterHub ${smoke.hubVersion}"
        } finally {
            // the smoke step writes its report relative to the repository root (dir)
            junit allowEmptyResults: true, testResults: cfg.dir == '.' ? 'hubdeploy-smoke.xml' : "${cfg.dir}/hubdeploy-smoke.xml"
        }
    }
    return [images: images, pushed: deployBranch, deploy: deploy, smoke: smoke]
}
