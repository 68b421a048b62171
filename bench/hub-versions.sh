#!/usr/bin/env bash
# Benchmark: the same `hubdeploy smoke` (spawn + `--import json` in a kernel + cleanup, cold CLI process) against the
# oldest supported JupyterHub (Debian's 3.0.0, notebook 6) and the newest (bin/jupyterhub-versions.env: 6.x with
# jupyter-server 2 and configurable-http-proxy 5), side by side: hub start-up (until /hub/api/ answers), and per
# smoke run the wall time and its phases (from the JSON report). Medians of N runs per version; runs alternate between the two hubs.
# Usage: bench/hub-versions.sh [runs=3]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
runs=${1:-3}
[ -x /usr/bin/jupyterhub ] || bin/install-deps >/dev/null
bin/install-jupyterhub >/dev/null
[ -f target/hubdeploy.jar ] || mvn -B -q package -DskipTests

work="$(mktemp -d /tmp/hubdeploy-hub-versions.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kids=$(pgrep -P "$pid" || true)
    kill "$pid" 2>/dev/null || true; sleep 2
    for k in $kids; do kill "$k" 2>/dev/null || true; done
  done
  rm -rf "$work"
}
trap cleanup EXIT
now() { echo "${EPOCHREALTIME/./}"; }   # microseconds
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

declare -A url token start
for v in debian current; do
  t0=$(now)
  read -r url[$v] token[$v] pid < <(bin/local-jupyterhub "$work/$v" "$v")
  start[$v]=$(( ($(now) - t0) / 1000 ))
  pids+=("$pid")
done
phases=(preflight spawn checks stop delete)
declare -A wall version phase
for i in $(seq 1 "$runs"); do
  for v in debian current; do
    t0=$(now)
    JUPYTERHUB_API_TOKEN=${token[$v]} java -jar target/hubdeploy.jar smoke -C "$work" --hub-url "${url[$v]}" \
      --user "bench-$i" --import json --junit "$v-$i.xml" --report "$v-$i.json" >/dev/null 2>"$work/$v-$i.log" \
      || { echo "smoke against $v failed:"; cat "$work/$v-$i.log"; exit 1; }
    wall[$v]+="$(( ($(now) - t0) / 1000 )) "
    for p in "${phases[@]}"; do
      phase[$v.$p]+="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["phaseMillis"][sys.argv[2]])' \
        "$work/$v-$i.json" "$p") "
    done
    version[$v]=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hubVersion"])' "$work/$v-$i.json")
  done
done
printf '%-28s %14s %14s\n' "ms (median of $runs)" "JupyterHub ${version[debian]}" "JupyterHub ${version[current]}"
printf '%-28s %14s %14s\n' "hub start (/hub/api/ up)" "${start[debian]}" "${start[current]}"
printf '%-28s %14s %14s\n' "smoke run, CLI wall" "$(tr ' ' '\n' <<<"${wall[debian]}" | grep . | median)" \
  "$(tr ' ' '\n' <<<"${wall[current]}" | grep . | median)"
for p in "${phases[@]}"; do
  printf '%-28s %14s %14s\n' "  phase $p" "$(tr ' ' '\n' <<<"${phase[debian.$p]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${phase[current.$p]}" | grep . | median)"
done
