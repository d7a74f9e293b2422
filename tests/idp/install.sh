#!/usr/bin/env bash
# Installs the test identity provider's pinned npm packages (oidc-provider, jose, playwright-core)
# into a writable directory outside the source tree, default build/e2e-node (node_modules is never
# committed), with `npm ci` from tests/idp's lock; skips the install when that lock is already
# installed there. tests/e2e/sso_idp.py does the same on first use; CI runs this once up front.
#   usage: tests/idp/install.sh [DIR]      (or PORTCULLIS_E2E_NODE_DIR)
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$src/../.." && pwd)
dir=${1:-${PORTCULLIS_E2E_NODE_DIR:-$repo/build/e2e-node}}
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "tests/idp needs Node.js 20 or newer (oidc-provider 9, jose 6); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
mkdir -p "$dir"
if [ -d "$dir/node_modules" ] && cmp -s "$src/package-lock.json" "$dir/.installed-lock"; then
  echo "test IdP packages already installed in $dir"
else
  cp "$src/package.json" "$src/package-lock.json" "$src/.npmrc" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund)
  cp "$src/package-lock.json" "$dir/.installed-lock"
fi
# ES modules resolve packages beside the script: the harness scripts run from copies there
cp "$src"/*.mjs "$dir/"
