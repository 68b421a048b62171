#!/usr/bin/env bash
# Benchmark: `hubdeploy promote --mode check` (fetch the evidence notes, read the evidence of the head's tree, run
# every check incl. each image digest in the registry) side by side with the floor a hand-written script needs for
# the same facts: `git fetch` of the notes ref, `git notes show <tree>`, one `curl -I` of each manifest. hubdeploy is
# timed as a CLI process (JVM start-up included) and in one JVM, as the step runs inside a Jenkins agent.
# Everything runs on 127.0.0.1: a bare git origin, a real docker-registry, images pushed by real buildah.
# Usage: bench/promote.sh [images=2] [runs=5]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
n=${1:-2}; runs=${2:-5}
bin/install-deps >/dev/null
[ -f target/hubdeploy.jar ] || mvn -B -q package -DskipTests
[ -f target/test-classes/io/jenkins/plugins/hubdeploy/bench/PromoteCheckBench.class ] || mvn -B -q test-compile

work="$(mktemp -d /tmp/hubdeploy-bench-promote.XXXXXX)"
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  buildah rm --all >/dev/null 2>&1 || true; buildah rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot CONTAINERS_STORAGE_CONF="$work/storage.conf"
printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$work" "$work" >"$work/storage.conf"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s/registry}}\nhttp: {addr: 127.0.0.1:%s}\n' \
  "$work" "$port" >"$work/registry.yml"
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

git() { command git -c user.name=bench -c user.email=bench@localhost "$@"; }
git init -q --bare -b staging "$work/origin.git"
repo="$work/bench"; git clone -q "$work/origin.git" "$repo" 2>/dev/null
mkdir -p "$repo/hub" "$repo/image"
printf 'apiVersion: v2\nname: hub\nversion: 0.1.0\n' >"$repo/hub/Chart.yaml"
printf 'FROM scratch\n' >"$repo/image/Dockerfile"
printf '.hubdeploy/\nhubdeploy-smoke.json\n' >"$repo/.gitignore"
images_json=""; curls=()
{
  echo "images:"
  for i in $(seq 1 "$n"); do
    echo "  - {name: 127.0.0.1:$port/bench/image-$i, context: image, valuesPath: images.i$i}"
  done
  echo "chart: {path: hub, release: \"{deployment}-{env}\"}"
  echo "environments:"
  echo "  staging: {namespace: bench-staging, values: []}"
  echo "  prod: {namespace: bench-prod, values: []}"
} >"$repo/hubdeploy.yaml"
for i in $(seq 1 "$n"); do
  echo "image $i" >"$work/f$i.txt"
  c=$(buildah from scratch); buildah copy "$c" "$work/f$i.txt" / >/dev/null
  buildah commit -q "$c" "localhost/bench-$i:t" >/dev/null; buildah rm "$c" >/dev/null
  buildah push -q --tls-verify=false --digestfile "$work/d$i" "localhost/bench-$i:t" "docker://127.0.0.1:$port/bench/image-$i:t1"
  images_json+="${images_json:+,}{\"name\":\"127.0.0.1:$port/bench/image-$i\",\"tag\":\"t1\",\"digest\":\"$(cat "$work/d$i")\"}"
  curls+=("http://127.0.0.1:$port/v2/bench/image-$i/manifests/t1")
done
git -C "$repo" add -A && git -C "$repo" commit -qm bench && git -C "$repo" push -q origin HEAD:staging HEAD:prod 2>/dev/null
commit=$(git -C "$repo" rev-parse HEAD); tree=$(git -C "$repo" rev-parse 'HEAD^{tree}')
mkdir -p "$repo/.hubdeploy"
cat >"$repo/.hubdeploy/deploy-staging.json" <<JSON
{"format":1,"deployment":"bench","environment":"staging","release":"bench-staging","namespace":"bench-staging",
 "revision":3,"status":"deployed","chart":{"name":"hub","version":"0.1.0"},"images":[$images_json],
 "valuesSha256":"$(printf x | sha256sum | cut -d' ' -f1)","git":{"commit":"$commit","tree":"$tree","dirty":false},
 "deployedAt":"2026-12-01T00:00:00Z","buildUrl":null,"helmVersion":"v3.16.0"}
JSON
echo '{"hubUrl":null,"hubVersion":"5.2.1","passed":4,"failed":0,"skipped":0,"exitCode":0}' >"$repo/hubdeploy-smoke.json"
java -jar target/hubdeploy.jar promote -C "$repo" --mode record --github-token-env HUBDEPLOY_BENCH_NO_TOKEN \
  >/dev/null 2>"$work/record.log" || { cat "$work/record.log"; exit 1; }

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
export CHANGE_ID=1 CHANGE_BRANCH=staging CHANGE_TARGET=prod
cli=(); floor=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  java -jar target/hubdeploy.jar promote -C "$repo" --mode check --github-token-env HUBDEPLOY_BENCH_NO_TOKEN \
    >/dev/null 2>"$work/check.log" || { cat "$work/check.log"; exit 1; }
  cli+=("$(ms "$start")")
  start=$(date +%s%N)
  git -C "$repo" fetch -q --no-tags origin +refs/notes/hubdeploy:refs/notes/hubdeploy
  git -C "$repo" notes --ref=refs/notes/hubdeploy show "$tree" >/dev/null
  for u in "${curls[@]}"; do
    curl -fsS -o /dev/null -I -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' "$u"
  done
  floor+=("$(ms "$start")")
done
read -r cold warm < <(java -cp target/hubdeploy.jar:target/test-classes \
  io.jenkins.plugins.hubdeploy.bench.PromoteCheckBench "$repo" "$runs")
echo "images: $n   runs: $runs   (median wall time in ms)"
printf '%-64s %8s\n' "what" "ms"
printf '%-64s %8s\n' "floor: git fetch notes + git notes show + curl -I per image" "$(printf '%s\n' "${floor[@]}" | median)"
printf '%-64s %8s\n' "hubdeploy promote --mode check, CLI process" "$(printf '%s\n' "${cli[@]}" | median)"
printf '%-64s %8s\n' "in one JVM (as in a Jenkins agent): first run" "$cold"
printf '%-64s %8s\n' "in one JVM (as in a Jenkins agent): warm" "$warm"
