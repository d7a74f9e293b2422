#!/usr/bin/env bash
# Builds Portcullis. usage: scripts/build.sh [release|asan]   (default: release)
# release → build/release (optimised, the binary you run); asan → build/asan (AddressSanitizer+UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
case "$kind" in
  release) flags=(-DCMAKE_BUILD_TYPE=Release -DPORTCULLIS_TESTS=ON) ;;
  asan) flags=(-DCMAKE_BUILD_TYPE=Debug -DPORTCULLIS_SANITIZE=ON -DPORTCULLIS_TESTS=ON) ;;
  *) echo "usage: $0 [release|asan]" >&2; exit 2 ;;
esac
cmake -S . -B "build/$kind" -G Ninja "${flags[@]}" >/dev/null
cmake --build "build/$kind" -j "${JOBS:-$(nproc)}"
