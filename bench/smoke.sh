#!/usr/bin/env bash
# Benchmark: `hubdeploy smoke` side by side with the minimal request sequence a shell script makes against the same
# real hub, in two scenarios:
#   spawn    curl: create user, start server, poll until ready (0.1 s), stop server, poll until gone, delete user
#            hubdeploy: version + health + token scopes, create (pre-clean if stale), spawn following the progress
#            stream, stop (confirmed), delete (confirmed)
#   execute  the same plus one execute over the kernel websocket: curl starts a kernel, a 25-line python3/tornado
#            client (tornado comes with Debian's JupyterHub) sends `import json` and waits for the execute_reply;
#            hubdeploy --import json (kernel start, kernel_info handshake, execute, iopub checked, kernel shut down)
# hubdeploy is timed as a cold CLI process (bin/hubdeploy, C1 + an AppCDS archive written by one warm-up smoke run,
# i.e. what a user has when smoke is the first command after a build) and in one JVM (bench/SmokeBench, as the step
# runs inside a Jenkins agent: no JVM start-up). Runs are interleaved (floor, CLI, floor, CLI, ...), medians shown,
# with the time per phase. Everything runs on 127.0.0.1 against Debian's JupyterHub.
# Usage: bench/smoke.sh [runs=5]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
runs=${1:-5}
[ -x /usr/bin/jupyterhub ] || bin/install-deps >/dev/null
[ -f target/hubdeploy.jar ] || mvn -B -q package -DskipTests
[ -f target/test-classes/io/jenkins/plugins/hubdeploy/bench/SmokeBench.class ] || mvn -B -q test-compile

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
export JUPYTERHUB_API_TOKEN="$token"

# milliseconds since $1 (an $EPOCHREALTIME), without forking: timing the floor must not slow it down
now() { echo "${EPOCHREALTIME/./}"; }
ms() { echo $(( ($(now) - $1) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# the floor's websocket client: one execute_request on the shell channel, wait for its execute_reply
read -r -d '' WS_EXECUTE <<'PY' || true
import json, sys, uuid
from tornado import httpclient, ioloop, websocket
async def main(ws_url, token, code):
    ws = await websocket.websocket_connect(httpclient.HTTPRequest(ws_url, headers={"Authorization": "token " + token}))
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({"header": {"msg_id": msg_id, "username": "bench", "session": uuid.uuid4().hex,
        "msg_type": "execute_request", "version": "5.3"}, "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    while True:
        message = await ws.read_message()
        if message is None:
            sys.exit("websocket closed")
        message = json.loads(message)
        if message.get("parent_header", {}).get("msg_id") == msg_id and message["header"]["msg_type"] == "execute_reply":
            sys.exit(0 if message["content"]["status"] == "ok" else "execute failed")
ioloop.IOLoop.current().run_sync(lambda: main(*sys.argv[1:4]), timeout=60)
PY
can_execute=no
/usr/bin/python3 -c 'import tornado.websocket' 2>/dev/null && can_execute=yes

H="Authorization: token $token"
# prints "total create=.. spawn=.. [execute=..] stop=.. delete=.." in ms
curl_floor() {
  local u=$1 scenario=$2 t0 t kid phases
  t0=$(now); t=$t0
  curl -fsS -X POST -H "$H" "$url/hub/api/users/$u" >/dev/null
  phases="create=$(ms "$t")"; t=$(now)
  curl -sS -X POST -H "$H" "$url/hub/api/users/$u/server" >/dev/null
  until curl -fsS -H "$H" "$url/hub/api/users/$u" | grep -q '"ready": true'; do sleep 0.1; done
  phases+=" spawn=$(ms "$t")"; t=$(now)
  if [ "$scenario" = execute ]; then
    kid=$(curl -fsS -X POST -H "$H" -H 'Content-Type: application/json' -d '{}' "$url/user/$u/api/kernels" \
      | sed -E 's/.*"id": ?"([^"]+)".*/\1/')
    /usr/bin/python3 -c "$WS_EXECUTE" "ws://127.0.0.1:$port/user/$u/api/kernels/$kid/channels" "$token" "import json"
    phases+=" checks=$(ms "$t")"; t=$(now)
  fi
  curl -sS -X DELETE -H "$H" "$url/hub/api/users/$u/server" >/dev/null
  while curl -fsS -H "$H" "$url/hub/api/users/$u" | grep -q '"servers": {"'; do sleep 0.1; done
  phases+=" stop=$(ms "$t")"; t=$(now)
  curl -fsS -X DELETE -H "$H" "$url/hub/api/users/$u" >/dev/null
  phases+=" delete=$(ms "$t")"
  echo "$(ms "$t0") $phases"
}

# bin/hubdeploy's own flags, with an archive of this jar trained by one smoke run
cds_flags="-XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:cds+dynamic=off"
HUBDEPLOY_JAVA_OPTS="$cds_flags -XX:ArchiveClassesAtExit=$work/smoke.jsa" \
  bin/hubdeploy smoke --hub-url "$url" --user bench-warmup >/dev/null 2>&1
# prints "total outside=.. (JVM start-up, CLI parsing, exit) phase=.. ..." from the --json result
cli_run() {
  local u=$1 scenario=$2 t0 total args=()
  [ "$scenario" = execute ] && args=(--import json)
  t0=$(now)
  HUBDEPLOY_JAVA_OPTS="$cds_flags -XX:SharedArchiveFile=$work/smoke.jsa" \
    bin/hubdeploy smoke --hub-url "$url" --user "$u" "${args[@]}" --json >"$work/cli.json" 2>"$work/cli.log" \
    || { tail -5 "$work/cli.log" >&2; exit 1; }
  total=$(ms "$t0")
  python3 - "$work/cli.json" "$total" <<'PY'
import json, sys
result = json.load(open(sys.argv[1])); total = int(sys.argv[2])
phases = " ".join(f"{k}={v}" for k, v in result["phaseMillis"].items())
print(total, f"outside={total - round(result['durationSeconds'] * 1000)}", phases)
PY
}

# median per column of lines "total k=v k=v ..."
read -r -d '' SUMMARY <<'PY' || true
import statistics, sys
rows = [line.split() for line in sys.stdin if line.strip()]
columns = {}
for row in rows:
    for pair in row[1:]:
        key, value = pair.split("=")
        columns.setdefault(key, []).append(int(value))
print(statistics.median_low(int(r[0]) for r in rows), "|",
      ", ".join(f"{k} {statistics.median_low(v)}" for k, v in columns.items()), "| all:", " ".join(r[0] for r in rows))
PY
summary() { python3 -c "$SUMMARY"; }

# the in-JVM runs: one SmokeBench JVM for the whole bench, a run per line sent to it
coproc JVM { exec java -XX:TieredStopAtLevel=1 -cp target/hubdeploy.jar:target/test-classes \
  io.jenkins.plugins.hubdeploy.bench.SmokeBench "$url"; }
# (not in a $(...) subshell: bash does not pass a coprocess's descriptors to subshells)
jvm_run() { echo "$*" >&"${JVM[1]}"; local out; read -r out <&"${JVM[0]}"; echo "$out"; }
jvm_run bench-jvm-warmup >"$work/jvm-first.txt"
first_jvm=$(cut -d' ' -f1 "$work/jvm-first.txt")

scenarios=(spawn)
[ "$can_execute" = yes ] && scenarios+=(execute)
echo "JupyterHub $(curl -fsS "$url/hub/api/" | sed -E 's/.*"version": "([^"]+)".*/\1/') on 127.0.0.1, $runs runs per row," \
  "interleaved; median ms (median of each phase); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "in one JVM: the first (cold) run took $first_jvm ms; the rows below are later runs"
for scenario in "${scenarios[@]}"; do
  : >"$work/floor.txt"; : >"$work/cli.txt"; : >"$work/jvm.txt"
  module=(); [ "$scenario" = execute ] && module=(json)
  for i in $(seq 1 "$runs"); do
    curl_floor "curl-$scenario-$i" "$scenario" >>"$work/floor.txt"
    cli_run "cli-$scenario-$i" "$scenario" >>"$work/cli.txt"
    jvm_run "jvm-$scenario-$i" "${module[@]}" >>"$work/jvm.txt"
  done
  f=$(summary <"$work/floor.txt"); c=$(summary <"$work/cli.txt"); j=$(summary <"$work/jvm.txt")
  echo "== $scenario"
  echo "curl floor:                $f"
  echo "hubdeploy smoke, cold CLI: $c"
  echo "hubdeploy smoke, one JVM:  $j"
  paired() { paste -d' ' <(cut -d' ' -f1 "$work/floor.txt") <(cut -d' ' -f1 "$work/$1.txt") \
    | awk '{print $2 / $1}' | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
  awk -v f="${f%% *}" -v c="${c%% *}" -v j="${j%% *}" -v pc="$(paired cli)" -v pj="$(paired jvm)" \
    'BEGIN {printf "overhead ratio (median / median; median of the per-iteration ratios): cold CLI %.2fx; %.2fx," \
            " in one JVM %.2fx; %.2fx\n", c / f, pc, j / f, pj}'
done
exec {JVM[1]}>&-
wait "$JVM_PID" 2>/dev/null || true
