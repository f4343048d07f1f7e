#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, starts one vireod
# with every role and the embedded ledger under ./vireo-data, deploys the demo
# contracts, invokes them, shows what happened, and leaves the node running
# until Ctrl-C (a clean shutdown).
#
# VIREO_HTTP_LISTEN (default 127.0.0.1:8080) picks the API address,
# VIREO_DEMO_FUNCTIONS_PORT (default 8081) the example function server's port;
# VIREO_DEMO_EXIT=1 stops the node after the demo (used by the tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# VIREO_BIN_DIR: use binaries built elsewhere (the demo test), skip set-up and build.
if [ -z "${VIREO_BIN_DIR:-}" ]; then
  "$root/scripts/setup.sh"
  "$root/scripts/build.sh" release
fi

listen="${VIREO_HTTP_LISTEN:-127.0.0.1:8080}"
api="http://$listen"
data_dir="${VIREO_NODE_DATA_DIR:-$root/vireo-data}"
bin="${VIREO_BIN_DIR:-$root/build/release/bin}"
log="$data_dir.log"
mkdir -p "$data_dir"

functions_port="${VIREO_DEMO_FUNCTIONS_PORT:-8081}"
python3 "$root/examples/http-function/functions.py" "$functions_port" >/dev/null 2>>"$log" &
functions_pid=$!
"$bin/vireod" --data-dir "$data_dir" --listen "$listen" 2>>"$log" &
node_pid=$!
stop_node() {
  kill -INT "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  kill "$functions_pid" 2>/dev/null || true
}
trap stop_node EXIT INT TERM

for _ in $(seq 1 100); do
  curl -sf "$api/healthz" >/dev/null 2>&1 && break
  kill -0 "$node_pid" 2>/dev/null || { echo "vireod did not start; see $log" >&2; exit 1; }
  sleep 0.1
done

call() { curl -s -X "$1" "$api$2" ${3:+-H 'Content-Type: application/json' -d "$3"}; }

show() { python3 -m json.tool --no-ensure-ascii; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
deploy() {
  reply=$(call POST /v1/contracts "$1")
  case "$reply" in
    *'"code":"conflict"'*) echo "  $(echo "$1" | field '["name"]'): already deployed" ;;
    *'"error":{'*) echo "  deploy failed: $reply" >&2; exit 1 ;;
    *) echo "  $(echo "$reply" | field '["name"]'): $(echo "$reply" | field '["kind"]'), $(echo "$reply" | field '["execution"]'), $(echo "$reply" | field '["state"]')" ;;
  esac
}
# Submits a transaction and prints its receipt status and output payload.
invoke() {
  id=$(call POST /v1/transactions "$1" | field '["id"]')
  doc=$(call GET "/v1/receipts/$id?wait_ms=10000")
  echo "  $1"
  echo "    -> $(echo "$doc" | field '["receipt"]["status"]'): $(echo "$doc" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["output"]["payload"]))')"
}

echo "== deploying the demo contracts"
deploy '{"name":"demo-counter","kind":"system","execution":"serial","triggers":["demo.count"],"runtime":{"contract":"counter"}}'
deploy "{\"name\":\"demo-greeter\",\"kind\":\"http\",\"execution\":\"parallel\",\"triggers\":[\"demo.greet\"],\"exec_timeout_ms\":3000,\"runtime\":{\"base_url\":\"http://127.0.0.1:$functions_port\",\"function\":\"greet\"}}"
wasm_code=$(base64 -w0 "$bin/../wasm-contracts/counter_c.wasm")
deploy "{\"name\":\"demo-wasm\",\"kind\":\"wasm\",\"execution\":\"serial\",\"triggers\":[\"demo.wasm\"],\"code\":\"$wasm_code\"}"
for _ in $(seq 1 50); do
  [ "$(call GET /v1/contracts/demo-wasm | field '["state"]')" = "active" ] && break
  sleep 0.1
done

echo "== invoking them"
invoke '{"type":"demo.count","payload":{"by":5}}'
invoke '{"type":"demo.greet","payload":{"name":"Ada"}}'
invoke '{"type":"demo.wasm","payload":{"function":"increment"}}'

echo "== contract state"
echo "  demo-counter count    = $(call GET /v1/contracts/demo-counter/state/count | field '["value"]')"
echo "  demo-greeter greeting = $(call GET /v1/contracts/demo-greeter/state/greeting | field '["value"]')"
sleep 1.2
echo "== latest block"
call GET /v1/blocks/latest | show

echo
echo "vireod is running (pid $node_pid, log $log)"
echo "  API:     $api/v1/   (see docs/api.md)"
echo "  metrics: $api/metrics"
if [ "${VIREO_DEMO_EXIT:-0}" = "1" ]; then
  exit 0
fi
echo "Ctrl-C stops it cleanly."
wait "$node_pid"
