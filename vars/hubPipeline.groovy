// hubPipeline: the deployment repository's whole flow in one call, with DataHub's branch rules.
// Today it builds the images (the steps for deploy, smoke test and promotion join it as they ship).
// Documentation: vars/hubPipeline.txt
def call(Map args = [:]) {
    Map defaults = [
        deployment           : null,       // deployments/<name>/; null when the repository has one
        dir                  : '.',        // repository root inside the workspace
        stagingBranch        : 'staging',
        prodBranch           : 'prod',
        registryCredentialsId: null,       // "Username with password" credential for pushing images
        builder              : null,       // auto | buildah | docker | podman | kaniko (null: the config's)
    ]
    def unknown = args.keySet() - defaults.keySet()
    if (unknown) {
        error "hubPipeline: unknown option(s) ${unknown.sort()}; known: ${defaults.keySet().sort()}"
    }
    Map cfg = defaults + args

    boolean pullRequest = env.CHANGE_ID != null
    boolean deployBranch = !pullRequest && env.BRANCH_NAME in [cfg.stagingBranch, cfg.prodBranch]

    // a pull request (or any other branch) builds and never pushes; staging and prod push what is missing
    Map buildArgs = [deployment: cfg.deployment, dir: cfg.dir, push: deployBranch, builder: cfg.builder,
                     credentialsId: deployBranch ? cfg.registryCredentialsId : null]
    def images = buildHubImage(buildArgs.findAll { it.value != null })
    for (image in images) {
        echo "hubPipeline: ${image.image} built=${image.built} pushed=${image.pushed} digest=${image.digest ?: '-'}"
    }
    return [images: images, pushed: deployBranch]
}
