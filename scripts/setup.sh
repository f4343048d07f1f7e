#!/usr/bin/env bash
# Installs every Debian package (and npm test peer) Vireo's build and tests need.
# Idempotent: prints nothing and takes well under a second when all is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libcaf-dev libcaf-doc librocksdb-dev libzmq3-dev cppzmq-dev libmsgpack-cxx-dev
  prometheus-cpp-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  nlohmann-json3-dev libsimdjson-dev libboost-dev libcurl4-openssl-dev libssl-dev libgtest-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc libjemalloc-dev
  wabt clang lld rustc libstd-rust-dev-wasm32 libcrypto++-dev
  nodejs python3 curl procps
)
# Debian's nodejs ships without npm; NodeSource's includes it (and conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm test peers (fabric-shim and friends), pinned in tests/package.json.
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$root/tests/package.json" ]; then
  stamp="$root/tests/node_modules/.vireo-installed"
  if [ ! -f "$stamp" ] || [ "$root/tests/package.json" -nt "$stamp" ]; then
    echo "setup: npm install in tests/"
    (cd "$root/tests" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$stamp"
  fi
fi
