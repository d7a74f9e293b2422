#!/usr/bin/env bash
# Installs HBP v2's own JavaScript client (nhost-js-sdk 3, pinned by this folder's lock) into a
# writable directory outside the source tree, default build/e2e-node/hbp-client (node_modules is
# never committed), with `npm ci`; skips the install when that lock is already installed there.
# tests/e2e/test_hbp_js_client.py does the same on first use.
#   usage: tests/hbp-client/install.sh [DIR]      (or PORTCULLIS_E2E_NODE_DIR/hbp-client)
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$src/../.." && pwd)
dir=${1:-${PORTCULLIS_E2E_NODE_DIR:-$repo/build/e2e-node}/hbp-client}
mkdir -p "$dir"
if [ -d "$dir/node_modules" ] && cmp -s "$src/package-lock.json" "$dir/.installed-lock"; then
  echo "HBP client packages already installed in $dir"
else
  cp "$src/package.json" "$src/package-lock.json" "$src/.npmrc" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund)
  cp "$src/package-lock.json" "$dir/.installed-lock"
fi
# ES modules resolve packages beside the script: the test runs a copy there
cp "$src"/*.mjs "$dir/"
