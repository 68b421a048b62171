#!/usr/bin/env bash
# Benchmark: `hubdeploy smoke` (version, health, token scopes, pre-clean, create, spawn with progress stream, stop,
# delete, all verified) side by side with the minimal curl sequence a shell script makes against the same real hub
# (create user, start server, poll until ready, stop server, delete user). No kernel work on either side.
# Everything runs on 127.0.0.1 against Debian's JupyterHub. Usage: bench/smoke.sh [runs=5]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
runs=${1:-5}
[ -x /usr/bin/jupyterhub ] || bin/install-deps >/dev/null
[ -f target/hubdeploy.jar ] || mvn -B -q package -DskipTests

work="$(mktemp -d /tmp/hubdeploy-smoke-bench.XXXXXX)"
hub_pid=""
cleanup() {
  if [ -n "$hub_pid" ]; then
    kids=$(pgrep -P "$hub_pid" || true)
    kill "$hub_pid" 2>/dev/null || true; sleep 2
    for k in $kids; do kill "$k" 2>/dev/null || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free); token="bench-$(date +%s%N)"
cat >"$work/config.py" <<PY
c.JupyterHub.bind_url = 'http://127.0.0.1:$port'
c.JupyterHub.hub_bind_url = 'http://127.0.0.1:$(free)'
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:$(free)'
c.ConfigurableHTTPProxy.pid_file = '$work/proxy.pid'
c.JupyterHub.db_url = 'sqlite:///$work/jupyterhub.sqlite'
c.JupyterHub.cookie_secret_file = '$work/cookie_secret'
c.JupyterHub.authenticator_class = 'dummy'
c.JupyterHub.spawner_class = 'simple'
c.SimpleLocalProcessSpawner.home_dir_template = '$work/home/{username}'
c.Spawner.cmd = ['/usr/bin/jupyterhub-singleuser']; c.Spawner.args = ['--allow-root']
c.Spawner.environment = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'}
c.Spawner.ip = '127.0.0.1'
c.JupyterHub.services = [{'name': 'ci', 'api_token': '$token'}]
c.JupyterHub.load_roles = [{'name': 'smoke', 'services': ['ci'], 'scopes': ['admin:users', 'admin:servers', 'access:servers']}]
PY
(cd "$work" && exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$work" \
  NODE_PATH=/usr/share/nodejs /usr/bin/jupyterhub -f "$work/config.py" >"$work/hub.log" 2>&1) &
hub_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 150); do curl -fsS "$url/hub/api/" >/dev/null 2>&1 && break; sleep 0.1; done

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
H="Authorization: token $token"
curl_floor() {
  local u=$1
  curl -fsS -X POST -H "$H" "$url/hub/api/users/$u" >/dev/null
  curl -sS -X POST -H "$H" "$url/hub/api/users/$u/server" >/dev/null
  until curl -fsS -H "$H" "$url/hub/api/users/$u" | grep -q '"ready": true'; do sleep 0.1; done
  curl -sS -X DELETE -H "$H" "$url/hub/api/users/$u/server" >/dev/null
  while curl -fsS -H "$H" "$url/hub/api/users/$u" | grep -q '"servers": {"'; do sleep 0.1; done
  curl -fsS -X DELETE -H "$H" "$url/hub/api/users/$u" >/dev/null
}
hub=(); floor=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N); curl_floor "curl-$i"; floor+=("$(ms "$start")")
  start=$(date +%s%N)
  JUPYTERHUB_API_TOKEN="$token" java -jar target/hubdeploy.jar smoke --hub-url "$url" --user "bench-$i" >/dev/null 2>&1
  hub+=("$(ms "$start")")
done
f=$(printf '%s\n' "${floor[@]}" | median); h=$(printf '%s\n' "${hub[@]}" | median)
echo "curl floor (create, spawn, poll ready, stop, delete): median ${f} ms  (${floor[*]})"
echo "hubdeploy smoke (JVM start + preflight + the same + verified cleanup): median ${h} ms  (${hub[*]})"
awk -v h="$h" -v f="$f" 'BEGIN {printf "overhead ratio: %.2fx\n", h / f}'
