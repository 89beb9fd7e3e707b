#!/usr/bin/env bash
# Chronodesk developer entry point.
#   scripts/dev.sh app [ARGS...]  install what is missing, build, start the desktop app
#   scripts/dev.sh test           install what is missing, build, run the whole test suite
#   scripts/dev.sh deps           only install the Debian packages
#   scripts/dev.sh build [PRESET] only configure and build (default preset: dev)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6sql6-sqlite libqt6opengl6-dev libgl-dev
  libsqlite3-dev sqlite3 libsimdjson-dev libcaf-dev
  clang-format xvfb xauth
)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

build() {
  local preset="${1:-dev}"
  cmake --preset "$preset"
  cmake --build --preset "$preset"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  deps) deps ;;
  build) deps; build "${1:-dev}" ;;
  app)
    deps
    build dev
    exec ./build/dev/app/gui/chronodesk "$@"
    ;;
  test)
    deps
    build ci
    ctest --preset ci
    # The runtime under address + undefined sanitizers.
    cmake --preset asan -DCHRONODESK_BUILD_GUI=OFF
    cmake --build --preset asan --target runtime_tests
    ctest --preset asan-runtime
    ;;
  *)
    sed -n '2,6p' "$0"
    exit 1
    ;;
esac
