#!/usr/bin/env bash
# Benchmark: the no-op build for 20 images (every content tag already in the registry), side by side with what a
# hand-written CI script does to find that out (one `skopeo inspect` per image, sequentially). hubdeploy is timed
# twice: as a CLI process (JVM start-up included) and in one JVM, as the step runs inside a Jenkins agent.
# Everything runs on 127.0.0.1: a real docker-registry started here, real buildah for the first (seeding) build.
# Usage: bench/noop-build.sh [images=20] [runs=5]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
n=${1:-20}; runs=${2:-5}
bin/install-deps >/dev/null
[ -f target/hubdeploy.jar ] || mvn -B -q package -DskipTests
[ -d target/test-classes/io/jenkins/plugins/hubdeploy/bench ] || mvn -B -q test-compile

work="$(mktemp -d /tmp/hubdeploy-bench.XXXXXX)"
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

repo="$work/repo"; mkdir -p "$repo/hub"
printf 'apiVersion: v2\nname: hub\nversion: 0.1.0\n' >"$repo/hub/Chart.yaml"
{
  echo "name: bench"
  echo "images:"
  for i in $(seq 1 "$n"); do
    mkdir -p "$repo/images/i$i/files"
    printf 'FROM scratch\nCOPY files /data/\n' >"$repo/images/i$i/Dockerfile"
    for f in $(seq 1 20); do echo "image $i file $f" >"$repo/images/i$i/files/f$f.txt"; done
    echo "  - name: 127.0.0.1:$port/bench/image-$i"
    echo "    context: images/i$i"
    echo "    valuesPath: images.i$i"
  done
  echo "environments:"
  echo "  staging: {namespace: bench-staging, values: []}"
} >"$repo/hubdeploy.yaml"
git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@localhost commit -qm bench

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start=$(date +%s%N)
bin/hubdeploy build -C "$repo" --push >/dev/null 2>"$work/seed.log" || { tail -20 "$work/seed.log"; exit 1; }
seed=$(ms "$start")
mapfile -t refs < <(bin/hubdeploy tags -C "$repo" 2>/dev/null)

hub=(); skopeo=(); tags=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N); bin/hubdeploy tags -C "$repo" >/dev/null 2>&1; tags+=("$(ms "$start")")
  start=$(date +%s%N); bin/hubdeploy build -C "$repo" --push --json >"$work/noop.json" 2>/dev/null; hub+=("$(ms "$start")")
  start=$(date +%s%N)
  for ref in "${refs[@]}"; do skopeo inspect --tls-verify=false --raw "docker://$ref" >/dev/null; done
  skopeo+=("$(ms "$start")")
done
read -r cold warm < <(java -cp target/hubdeploy.jar:target/test-classes \
  io.jenkins.plugins.hubdeploy.bench.NoopBuildBench "$repo" "$runs")
built=$(grep -c '"built" : true' "$work/noop.json" || true)
echo "images: $n   runs: $runs   (median wall time, JVM start-up included for hubdeploy)"
printf '%-58s %8s\n' "what" "ms"
printf '%-58s %8s\n' "seed: hubdeploy build --push (builds and pushes all)" "$seed"
printf '%-58s %8s\n' "hubdeploy tags" "$(printf '%s\n' "${tags[@]}" | median)"
printf '%-58s %8s\n' "hubdeploy build --push, no-op (built=true: $built)" "$(printf '%s\n' "${hub[@]}" | median)"
printf '%-58s %8s\n' "in one JVM (as in a Jenkins agent): no-op, first run" "$cold"
printf '%-58s %8s\n' "in one JVM (as in a Jenkins agent): no-op, warm" "$warm"
printf '%-58s %8s\n' "script: skopeo inspect per image, sequential" "$(printf '%s\n' "${skopeo[@]}" | median)"
