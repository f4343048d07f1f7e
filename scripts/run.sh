#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, starts one vireod
# with every role and the embedded ledger under ./vireo-data, deploys the demo
# contracts, invokes them, shows what happened, and leaves the node running
# until Ctrl-C (a clean shutdown).
#
# VIREO_HTTP_LISTEN (default 127.0.0.1:8080) picks the API address;
# VIREO_DEMO_EXIT=1 stops the node after the demo (used by CI).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" release

listen="${VIREO_HTTP_LISTEN:-127.0.0.1:8080}"
api="http://$listen"
data_dir="${VIREO_NODE_DATA_DIR:-$root/vireo-data}"
bin="$root/build/release/bin"
log="$data_dir.log"
mkdir -p "$data_dir"

"$bin/vireod" --data-dir "$data_dir" --listen "$listen" 2>>"$log" &
node_pid=$!
stop_node() { kill -INT "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true; }
trap stop_node EXIT INT TERM

for _ in $(seq 1 100); do
  curl -sf "$api/healthz" >/dev/null 2>&1 && break
  kill -0 "$node_pid" 2>/dev/null || { echo "vireod did not start; see $log" >&2; exit 1; }
  sleep 0.1
done

show() { python3 -m json.tool --no-ensure-ascii; }
call() { curl -s -X "$1" "$api$2" ${3:+-H 'Content-Type: application/json' -d "$3"}; }

echo "== deploying the demo contracts (a serial counter and a parallel key-value setter, both system contracts)"
for spec in \
  '{"name":"demo-counter","kind":"system","execution":"serial","triggers":["demo.count"],"runtime":{"contract":"counter"}}' \
  '{"name":"demo-kv","kind":"system","execution":"parallel","triggers":["demo.set"],"runtime":{"contract":"kv_set"}}'; do
  reply=$(call POST /v1/contracts "$spec")
  case "$reply" in *'"code":"conflict"'*) echo "  (already deployed)";; *) echo "$reply" | show;; esac
done

echo "== invoking demo-counter (+5) and demo-kv (colour=green)"
count_id=$(call POST /v1/transactions '{"type":"demo.count","payload":{"by":5}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
set_id=$(call POST /v1/transactions '{"type":"demo.set","payload":{"key":"colour","value":"green"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "== receipt of the counter invocation $count_id"
call GET "/v1/receipts/$count_id?wait_ms=5000" | show
call GET "/v1/receipts/$set_id?wait_ms=5000" >/dev/null
echo "== contract state"
call GET /v1/contracts/demo-counter/state/count | show
call GET /v1/contracts/demo-kv/state/colour | show
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
