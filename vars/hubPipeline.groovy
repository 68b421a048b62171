// hubPipeline: the deployment repository's whole flow in one call, with DataHub's branch rules:
//   pull request into staging -> build what it changes (never pushed), deploy preflight, plan summary
//   push to staging           -> build + push, deploy staging when changed since the commit live there, smoke-test
//                                it, record the evidence (an unchanged deployment's is carried over), open the
//                                staging -> prod pull request (a failed smoke test is recorded: prod's gate stays shut;
//                                with revertOnFailure a pull request reverting the merge is opened against staging)
//   pull request into prod    -> the promotion check (source staging, evidence passed)
//   push to prod              -> deploy prod with exactly what passed on staging, smoke-test it, roll back on failure
//   any other branch          -> build only
// A fork's pull request never deploys and never gets a credential. Documentation: vars/hubPipeline.txt
def call(Map args = [:]) {
    Map defaults = [
        deployment             : null,     // deployments/<name>/; null when the repository has one
        deployments            : null,     // several: a list or 'a,b,c'; each is deployed, tested and promoted alone
        dir                    : '.',      // repository root inside the workspace
        stagingBranch          : 'staging',
        prodBranch             : 'prod',
        registryCredentialsId  : null,     // "Username with password" credential for pushing images
        builder                : null,     // auto | buildah | docker | podman | kaniko (null: the config's)
        kubeconfigCredentialsId: null,     // kubeconfig credential that deploys staging (null: KUBECONFIG as set)
        previewKubeconfigCredentialsId: null, // read-only kubeconfig for a pull request's preflight (null: none)
        prodKubeconfigCredentialsId: null, // kubeconfig credential that deploys prod (null: KUBECONFIG as set)
        deployTimeout          : null,     // helm --timeout (null: 30m)
        hubTokenCredentialsId  : null,     // Secret text: staging hub API token (null: JUPYTERHUB_API_TOKEN)
        prodHubTokenCredentialsId: null,   // Secret text: prod hub API token for the prod smoke test
        prodHubUrl             : null,     // prod hub URL for its smoke test (null: environments.prod.hubUrl);
                                           // several deployments: a map name -> URL
        smokeTest              : true,     // smoke-test staging after each deploy
        gitCredentialsId       : null,     // Username with password (GitHub App / token): notes, statuses, PRs
        promote                : true,     // record evidence and open the staging -> prod pull request
        autoMerge              : null,     // merge the promotion PR once its checks pass (null: the config's)
        maxEvidenceAge         : null,     // e.g. '36h' (null: promotion.maxEvidenceAge, default 7 days)
        revertOnFailure        : false,    // failed staging smoke test: open a pull request reverting the merge
    ]
    def unknown = args.keySet() - defaults.keySet()
    if (unknown) {
        error "hubPipeline: unknown option(s) ${unknown.sort()}; known: ${defaults.keySet().sort()}"
    }
    Map cfg = defaults + args
    if (cfg.deployment && cfg.deployments) {
        error 'hubPipeline: give deployment or deployments, not both'
    }
    if (cfg.deployments == 'all') {
        // each deployment is promoted on its own evidence, so the pipeline names them
        error "hubPipeline: deployments: 'all' is not supported here; list them, e.g. deployments: 'data8,data100'"
    }
    if (cfg.revertOnFailure && !cfg.promote) {
        error 'hubPipeline: revertOnFailure needs promote: true (a revert is opened only for a recorded failure)'
    }
    List hubs = hubList(cfg)
    if (cfg.prodHubUrl != null && !(cfg.prodHubUrl instanceof Map) && hubs.size() > 1) {
        error "hubPipeline: prodHubUrl is one hub's URL but ${hubs.size()} deployments are listed; give a map," +
              " e.g. prodHubUrl: [data8: 'https://data8.datahub.berkeley.edu']"
    }

    boolean pullRequest = env.CHANGE_ID != null
    boolean fork = pullRequest && env.CHANGE_FORK
    String event = !pullRequest ? (env.BRANCH_NAME == cfg.stagingBranch ? 'staging'
                                   : env.BRANCH_NAME == cfg.prodBranch ? 'prod' : 'other')
                 : (env.CHANGE_TARGET == cfg.prodBranch ? 'prToProd' : 'pullRequest')
    echo "hubPipeline: ${event}${fork ? ' (fork: no credentials, nothing deployed)' : ''}; deployments: " +
         hubs.collect { it ?: '(the only one)' }.join(', ')
    // a pull request into staging builds only the deployments it changes, compared with its target branch
    String since = event == 'pullRequest' ? targetBranchRef(cfg) : null

    Map result = [event: event, deployments: [:]]
    List failed = []
    for (hub in hubs) {
        String name = hub ?: '(default)'
        try {
            result.deployments[name] = runOne(cfg, hub, event, fork, since)
        } catch (err) {
            // one deployment failing never stops the others; the build fails at the end with one summary
            failed << name
            result.deployments[name] = [failed: String.valueOf(err.message)]
            echo "hubPipeline: ${name} FAILED: ${err.message}"
        }
    }
    echo 'hubPipeline summary:\n' + result.deployments.collect { k, v ->
        "  ${k.padRight(20)} ${v.failed ? 'FAILED  ' + v.failed : 'ok      ' + (v.summary ?: '')}"
    }.join('\n')
    if (failed) {
        error "hubPipeline: ${failed.size()} of ${hubs.size()} deployment(s) failed: ${failed.join(', ')}"
    }
    return hubs.size() == 1 ? result.deployments.values().first() + [event: event] : result
}

private List hubList(Map cfg) {
    if (cfg.deployments instanceof String) {
        return cfg.deployments.split(',')*.trim().findAll { it }
    }
    return cfg.deployments ? cfg.deployments as List : [cfg.deployment]
}

private Map runOne(Map cfg, String hub, String event, boolean fork, String since) {
    Map common = [deployment: hub, dir: cfg.dir]
    switch (event) {
        case 'prToProd':
            // the promotion check: passes only for a pull request from staging whose tree passed on staging;
            // a fork's pull request gets no credential (and the step refuses it)
            def check = promoteToProd(clean(common + [mode: 'check', maxEvidenceAge: cfg.maxEvidenceAge,
                                                      gitCredentialsId: fork ? null : cfg.gitCredentialsId]))
            return [check: check, summary: 'promotion check passed']
        case 'prod':
            Map deployArgs = common + [mode: 'deploy', gitCredentialsId: cfg.gitCredentialsId,
                                       credentialsId: cfg.registryCredentialsId,
                                       hubCredentialsId: cfg.prodHubTokenCredentialsId,
                                       hubUrl: cfg.prodHubUrl instanceof Map ? cfg.prodHubUrl[hub] : cfg.prodHubUrl,
                                       maxEvidenceAge: cfg.maxEvidenceAge]
            def prod = withKube(cfg.prodKubeconfigCredentialsId) { promoteToProd(clean(deployArgs)) }
            return [prod: prod, summary: 'prod deployed with the images tested on staging']
        case 'staging':
            return staging(cfg, common)
        default:
            // pull request into staging (or any other branch): build, never push, no registry credential; a
            // pull request only the deployments it changes (a skipped one's result is one map naming why)
            def images = buildHubImage(clean(common + [push: false, builder: cfg.builder, changedSince: since]))
            Map out = [images: images, pushed: false, deploy: null, smoke: null]
            if (event == 'pullRequest' && !fork) {
                // the preflight: what the deploy would change; a pull request's chart never gets the deploying
                // kubeconfig (a fork's gets none, and no preflight at all)
                out.deploy = withKube(cfg.previewKubeconfigCredentialsId) {
                    // changed: only a deployment whose inputs changed since what is live is previewed
                    helmDeployStaging(clean(common + [env: 'staging', dryRun: true, changed: true,
                                                      timeout: cfg.deployTimeout]))
                }
                echo(out.deploy.skipped ? "hubPipeline: nothing to deploy: ${out.deploy.skipped}"
                     : "hubPipeline: preflight of ${out.deploy.release}: ${out.deploy.valuesDiff?.size() ?: 0} values change(s)")
            }
            out.summary = planSummary(hub, images, out.deploy)
            echo out.summary
            return out
    }
}

private Map staging(Map cfg, Map common) {
    def images = buildHubImage(clean(common + [push: true, builder: cfg.builder,
                                               credentialsId: cfg.registryCredentialsId]))
    for (image in images) {
        echo "hubPipeline: ${image.image} built=${image.built} pushed=${image.pushed} digest=${image.digest ?: '-'}"
    }
    def deploy = withKube(cfg.kubeconfigCredentialsId) {
        // changed: deployed only when its inputs changed since the commit live on staging
        helmDeployStaging(clean(common + [env: 'staging', timeout: cfg.deployTimeout, changed: true]))
    }
    Map out = [images: images, pushed: true, deploy: deploy, smoke: null]
    if (deploy.skipped) {
        return unchangedOnStaging(cfg, common, out)
    }
    echo "hubPipeline: deployed ${deploy.release} revision ${deploy.revision}"
    if (!cfg.smokeTest) {
        out.summary = "staging revision ${deploy.revision} (not smoke-tested, not promotable)"
        return out
    }
    // several deployments: each smoke report in its own file, the one its evidence binds
    String base = cfg.deployments ? "hubdeploy-smoke-${common.deployment}" : 'hubdeploy-smoke'
    Map files = cfg.deployments ? [junit: "${base}.xml", report: "${base}.json"] : [:]
    Map promoteArgs = common + [gitCredentialsId: cfg.gitCredentialsId, smokeReport: files.report]
    try {
        out.smoke = runHubSmokeTests(clean(common + files + [env: 'staging', credentialsId: cfg.hubTokenCredentialsId]))
        echo "hubPipeline: staging smoke test: ${out.smoke.passed} passed, JupyterHub ${out.smoke.hubVersion}"
    } catch (smokeFailure) {
        if (cfg.promote) {
            // the failure is evidence too: it keeps prod's gate shut for this tree (record itself fails the step)
            boolean recordedFailure = false
            try {
                promoteToProd(clean(promoteArgs + [mode: 'record']))
            } catch (recorded) {
                recordedFailure = true
                echo "hubPipeline: staging failure recorded: ${recorded.message}"
            }
            if (recordedFailure && cfg.revertOnFailure) {
                // a pull request against staging reverting the merge; it is never merged by itself
                try {
                    def revert = promoteToProd(clean(promoteArgs + [mode: 'revert']))
                    echo "hubPipeline: revert pull request: ${revert.pullRequest.url}"
                } catch (revertFailure) {
                    echo "hubPipeline: no revert pull request: ${revertFailure.message}"
                }
            }
        }
        throw smokeFailure
    } finally {
        // the smoke step writes its report relative to the repository root (dir)
        junit allowEmptyResults: true, testResults: cfg.dir == '.' ? "${base}.xml" : "${cfg.dir}/${base}.xml"
    }
    if (cfg.promote) {
        out.evidence = promoteToProd(clean(promoteArgs + [mode: 'record']))
        out.promotion = promoteToProd(clean(promoteArgs + [mode: 'pullRequest', autoMerge: cfg.autoMerge]))
    }
    out.summary = "staging revision ${deploy.revision}, smoke passed" + (cfg.promote ? ', promotion PR open' : '')
    return out
}

// Not deployed, so not smoke-tested: record carries over the evidence of the commit live on staging. The engine
// itself checks in the cluster (hence the staging kubeconfig) that nothing changed since that commit, that its
// evidence passed and that staging still runs it; otherwise it refuses (deploy and test that deployment).
private Map unchangedOnStaging(Map cfg, Map common, Map out) {
    echo "hubPipeline: not deployed: ${out.deploy.skipped}"
    if (!cfg.smokeTest || !cfg.promote) {
        out.summary = "unchanged on staging (${out.deploy.skipped}), not deployed"
        return out
    }
    Map promoteArgs = common + [gitCredentialsId: cfg.gitCredentialsId]
    out.evidence = withKube(cfg.kubeconfigCredentialsId) { promoteToProd(clean(promoteArgs + [mode: 'record'])) }
    out.promotion = promoteToProd(clean(promoteArgs + [mode: 'pullRequest', autoMerge: cfg.autoMerge]))
    out.summary = "unchanged on staging, evidence carried over from ${out.evidence.carriedOver?.commit}, promotion PR open"
    return out
}

// The pull request's target branch as the clone has it, for buildHubImage(changedSince:), or null: every deployment
// is built (an image already in the registry is not rebuilt). GitHub Branch Source's default pull request strategy
// ("merge with the target branch") fetches it as origin/<target>; the "head" strategy does not, and where git is
// missing (a builder container without it) nothing can be compared. Checked where the build runs.
private String targetBranchRef(Map cfg) {
    String ref = "origin/${env.CHANGE_TARGET}"
    int status = dir(cfg.dir) {
        sh(script: 'git rev-parse --verify --quiet "origin/$CHANGE_TARGET^{commit}" >/dev/null', returnStatus: true)
    }
    if (status == 0) {
        return ref
    }
    echo(status == 127 ? 'hubPipeline: no git here: building every deployment, not only the changed ones'
         : "hubPipeline: ${ref} is not in this clone (pull request strategy not 'merge'?): building every deployment")
    return null
}

private def withKube(String credentialsId, Closure body) {
    return credentialsId ? withKubeConfig([credentialsId: credentialsId], body) : body()
}

private Map clean(Map args) {
    return args.findAll { it.value != null }
}

private String planSummary(String hub, List images, Map preflight) {
    List lines = ["hubPipeline plan${hub ? ' for ' + hub : ''}:"]
    for (image in images) {
        // a pull request that changes nothing of the deployment: one map naming why it was skipped
        lines << (image.skipped ? "  images: nothing to build (${image.skipped})"
                  : "  image ${image.image}: ${image.built ? 'built here (not pushed)' : 'already in the registry'}")
    }
    if (preflight?.skipped) {
        lines << "  deploy: nothing changed (${preflight.skipped})"
    } else if (preflight != null) {
        lines << "  values: ${preflight.valuesDiff?.size() ?: 0} change(s) against ${preflight.release}"
        (preflight.valuesDiff ?: []).each { lines << "    ${it}" }
    }
    return lines.join('\n')
}
