#!/usr/bin/env bash
# Benchmark: the prod deploy of `hubdeploy promote --mode deploy` (ProdDeployer: registry digest re-check, helm
# history, helm upgrade with the engine's checks and rollout wait, deploy record, prod smoke test) in one JVM, side by
# side with what the same deploy costs by hand: one `helm upgrade --install --wait` with the same values files and
# image tags, then the smoke test alone. Real test cluster (bin/test-cluster: kube-apiserver + kwok), real helm, real
# registry, real JupyterHub; everything on 127.0.0.1, started and stopped by the benchmark. Each run upgrades a live
# release; the first install is not counted.
# Usage: bench/promote-deploy.sh [runs=5] [helm3|helm4|both=both]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
runs=${1:-5}; which=${2:-both}
bin/install-deps >/dev/null
[ -f target/hubdeploy.jar ] || mvn -B -q package -DskipTests
[ -f target/test-classes/io/jenkins/plugins/hubdeploy/bench/ProdDeployBench.class ] || mvn -B -q test-compile
tools=(helm3 helm4); [ "$which" = both ] || tools=("$which")
echo "runs: $runs   (median wall time in ms, one JVM as in a Jenkins agent)"
printf '%-10s %10s %12s %12s %12s %14s %14s\n' helm "prod deploy" "its upgrade" "helm by hand" "smoke alone" \
  "overhead(a)" "overhead(b)"
for t in "${tools[@]}"; do
  read -r v f fh hh hs oa ob < <(java -cp target/hubdeploy.jar:target/test-classes \
    io.jenkins.plugins.hubdeploy.bench.ProdDeployBench "$t" "$runs")
  printf '%-10s %10s %12s %12s %12s %14s %14s\n' "$v" "$f" "$fh" "$hh" "$hs" "$oa" "$ob"
done
echo "(a) = prod deploy - helm by hand - smoke alone;  (b) = prod deploy - its own helm upgrade - smoke alone"
