#!/usr/bin/env bash
# Builds Portcullis. usage: scripts/build.sh [release|asan|tsan] [ninja targets...]   (default: release, all)
# release → build/release (GCC, optimised, the binary you run); asan → build/asan (GCC,
# AddressSanitizer+UBSan); tsan → build/tsan (clang 14, ThreadSanitizer, and -Wthread-safety so the
# GUARDED_BY annotations are checked; warnings are errors). Targets: e.g. `scripts/build.sh release
# portcullis` builds the binary only. TESTS=OFF configures without the test targets.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
shift || true
tests=${TESTS:-ON}
case "$kind" in
  release) flags=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan) flags=(-DCMAKE_BUILD_TYPE=Debug -DPORTCULLIS_SANITIZE=ON) ;;
  tsan)
    cxx=$(command -v clang++-14 || command -v clang++ || true)
    [ -n "$cxx" ] || { echo "build.sh: tsan needs clang++ (scripts/install-deps.sh)" >&2; exit 1; }
    flags=(-DCMAKE_BUILD_TYPE=Debug -DPORTCULLIS_TSAN=ON -DCMAKE_CXX_COMPILER="$cxx") ;;
  *) echo "usage: $0 [release|asan|tsan] [targets...]" >&2; exit 2 ;;
esac
cmake -S . -B "build/$kind" -G Ninja "${flags[@]}" -DPORTCULLIS_TESTS="$tests" >/dev/null
targets=(); [ $# -eq 0 ] || targets=(--target "$@")
cmake --build "build/$kind" -j "${JOBS:-$(nproc)}" "${targets[@]}"
