#!/usr/bin/env bash
# Quick start: installs what is needed, builds the release binary (that target only, no tests) and
# serves on 127.0.0.1:8080 with the embedded SQLite database under ./data. Extra arguments go to
# `portcullis serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release portcullis
mkdir -p data
exec build/release/portcullis serve --listen 127.0.0.1:8080 --database sqlite:data/portcullis.db \
  --data_dir data "$@"
