#!/usr/bin/env bash
# Rewrites the generated settings reference in docs/CONFIGURATION.md (between its marker lines) from
# the declarations, via `portcullis settings --markdown`. usage: scripts/update-config-docs.sh [BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/portcullis}
[ -x "$bin" ] || { echo "no $bin: build it first (scripts/build.sh release)" >&2; exit 1; }
generated=$(mktemp)
trap 'rm -f "$generated"' EXIT
"$bin" settings --markdown >"$generated"
/usr/bin/python3 - "$generated" docs/CONFIGURATION.md <<'PY'
import sys
generated = open(sys.argv[1]).read()
path = sys.argv[2]
doc = open(path).read()
begin_marker = generated.splitlines()[0]
end_marker = generated.rstrip("\n").splitlines()[-1]
begin = doc.find(begin_marker)
end = doc.find(end_marker)
if begin < 0 or end < 0:
    sys.exit(f"{path}: reference markers not found")
end += len(end_marker) + 1
open(path, "w").write(doc[:begin] + generated + doc[end:])
PY
echo "updated docs/CONFIGURATION.md"
