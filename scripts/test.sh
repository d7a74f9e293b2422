#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: unit and conformance tests (release and
# AddressSanitizer+UBSan builds), the include-direction check, and the end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/check-includes.sh
scripts/build.sh release
scripts/build.sh asan
echo "== unit and conformance tests (release)"
ctest --test-dir build/release --output-on-failure -j "$(nproc)"
echo "== unit and conformance tests (AddressSanitizer+UBSan)"
ctest --test-dir build/asan --output-on-failure -j "$(nproc)"
echo "== end-to-end tests"
PORTCULLIS_BIN="$PWD/build/release/portcullis" /usr/bin/python3 -m pytest -q tests/e2e
