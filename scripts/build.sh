#!/usr/bin/env bash
# Configures (once) and builds a preset: release by default, or the one named.
# Quiet when there is nothing to do; prints the compiler's output on failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
preset="${1:-release}"
cd "$root"
# Paths relative to the checkout in ccache's keys: a fresh clone elsewhere
# (as CI makes) reuses what an earlier build compiled.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
if ! cmake --build --preset "$preset" -- -j"$(nproc)" --quiet >"$output" 2>&1; then
  cat "$output" >&2
  echo "build: the $preset build failed" >&2
  exit 1
fi
grep -v -e '^ninja: no work to do' -e 'Re-checking globbed directories' "$output" || true
