#!/usr/bin/env bash
# The README's run command, end to end: scripts/run.sh on free ports and a
# fresh data directory, stopped after the demo; its output must show every
# demo contract deployed, each invocation committed with its result, the state
# and a block. Needs VIREO_BIN_DIR (set by CTest).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

output="$work/demo.out"
VIREO_DEMO_EXIT=1 VIREO_HTTP_LISTEN="127.0.0.1:$(free_port)" VIREO_DEMO_FUNCTIONS_PORT="$(free_port)" \
  VIREO_NODE_DATA_DIR="$work/data" timeout 120 "$root/scripts/run.sh" >"$output" 2>&1 || {
  echo "demo failed:"; cat "$output"; cat "$work/data.log" 2>/dev/null | tail -20; exit 1; }

expect() {
  grep -qE -- "$1" "$output" || { echo "demo output lacks: $1"; cat "$output"; exit 1; }
}
expect 'demo-counter: system, serial, active'
expect 'demo-greeter: http, parallel, active'
expect 'demo-wasm: wasm, serial, pending'
expect '-> committed: \{"count": 5\}'
expect '-> committed: \{"greeted": "Ada", "greeting": "Hello, Ada!"\}'
expect '-> committed: \{"return_code": 0, "return_data": \["01"\]\}'
expect 'demo-greeter greeting = Hello, Ada!'
expect '"height": [1-9]'
expect 'vireod is running'
echo "1 passed, 0 failed"
