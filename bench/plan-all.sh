#!/usr/bin/env bash
# Time to plan all of DataHub's deployments at once (the three real snapshots of ../shared/real-hubs): load every
# deployment's configuration, compute its images' tags, decide whether it changed since the live commit.
# In one JVM (PlanAllBench, as the steps run in a Jenkins agent), and, when target/hubdeploy.jar exists, the CLI's
# `tags -d all` (one process for all deployments) beside a loop of `tags -d NAME` (one process per deployment).
# Usage: bench/plan-all.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v git >/dev/null || { echo "bench/plan-all.sh: git is required (apt-get install -y git)" >&2; exit 3; }
mvn_q() { mvn -q -B -o "$@" || mvn -q -B "$@"; }
mvn_q test-compile
mvn_q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/tagbench.classpath -Dmdep.includeScope=test
work="$(mktemp -d /tmp/hubdeploy-plan-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
java -Dhubdeploy.realHubs="$PWD/../shared/real-hubs" -cp "target/test-classes:target/classes:$(cat target/tagbench.classpath)" \
    io.jenkins.plugins.hubdeploy.bench.PlanAllBench "$runs" "$work/jvm"

[ -f target/hubdeploy.jar ] || { echo "(no target/hubdeploy.jar: CLI timings skipped; mvn -B package builds it)"; exit 0; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
printf '%-6s %-11s %-28s %-32s\n' year deployments "CLI tags -d all (ms)" "CLI tags -d NAME, loop (ms)"
for tarball in ../shared/real-hubs/datahub-*.tar.gz; do
  year=$(basename "$tarball" | cut -d- -f2)
  dir="$work/cli-$year"; mkdir -p "$dir"; tar -xzf "$tarball" -C "$dir" --no-same-owner
  repo="$dir/repo"
  git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@localhost commit -qm s
  names=$(for d in "$repo"/deployments/*/; do [ -f "$d/hubploy.yaml" ] && basename "$d"; done)
  count=$(echo "$names" | wc -l)
  t=$(date +%s%N); java -jar target/hubdeploy.jar tags -C "$repo" -d all --parallel 4 >/dev/null 2>&1; all=$(ms "$t")
  t=$(date +%s%N); for n in $names; do java -jar target/hubdeploy.jar tags -C "$repo" -d "$n" >/dev/null 2>&1; done; loop=$(ms "$t")
  printf '%-6s %-11s %-28s %-32s\n' "$year" "$count" "$all" "$loop"
done
