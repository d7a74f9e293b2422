#!/usr/bin/env bash
# Installs the S3 test tools' pinned npm packages (s3rver, an S3-compatible server; the AWS SDK's
# S3 client, the independent client that checks what the store wrote) into a writable directory
# outside the source tree, default build/s3-node (node_modules is never committed), with `npm ci`
# from tests/s3's lock; skips the install when that lock is already installed there.
#   usage: tests/s3/install.sh [DIR]      (or PORTCULLIS_S3_NODE_DIR)
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$src/../.." && pwd)
dir=${1:-${PORTCULLIS_S3_NODE_DIR:-$repo/build/s3-node}}
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "tests/s3 needs Node.js 20 or newer (@aws-sdk/client-s3); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
mkdir -p "$dir"
if [ -d "$dir/node_modules" ] && cmp -s "$src/package-lock.json" "$dir/.installed-lock"; then
  echo "test S3 packages already installed in $dir"
else
  cp "$src/package.json" "$src/package-lock.json" "$src/.npmrc" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund)
  cp "$src/package-lock.json" "$dir/.installed-lock"
fi
# ES modules resolve packages beside the script: the scripts run from copies there
cp "$src"/*.mjs "$dir/"
