#!/usr/bin/env bash
# Builds the release preset's benchmarks and runs them, one after the other:
#   scripts/bench.sh                  every benchmark under bench/
#   scripts/bench.sh invoker_bench    just the named ones
# Each prints its figures (markdown) on stdout and its progress on stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
benches=("$@")
if ((${#benches[@]} == 0)); then
  mapfile -t benches < <(grep -ohE 'vireo_add_executable\(NAME [A-Za-z0-9_]+_bench' bench/*/CMakeLists.txt |
                         sed 's/.*NAME //' | sort -u)
fi
if [ ! -f build/release/build.ninja ]; then
  cmake --preset release >/dev/null
fi
# vireod: invoker_bench starts it for its HTTP figures.
cmake --build --preset release --target vireod "${benches[@]}" -- --quiet
for bench in "${benches[@]}"; do
  echo "== $bench" >&2
  "build/release/bin/$bench"
done
