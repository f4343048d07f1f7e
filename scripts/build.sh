#!/usr/bin/env bash
# Configures (once) and builds a preset: release by default, or the one named.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
preset="${1:-release}"
cd "$root"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -- -j"$(nproc)" --quiet 2>&1 | grep -v '^ninja: no work to do' || true
test "${PIPESTATUS[0]}" -eq 0
