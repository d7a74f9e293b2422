#!/usr/bin/env bash
# Keeps the dependency direction of docs/ARCHITECTURE.md true: core/ includes no I/O, crypto or
# JSON library; only crypto/ includes OpenSSL or libsodium; http/ knows nothing of core/.
set -euo pipefail
cd "$(dirname "$0")/../src"
fail=0
check() { # dir pattern why
  local hits
  hits=$(grep -rnE "$2" "$1" --include='*.h' --include='*.cc' | grep -vE '(_test\.cc|/testing/[^:]*):' || true)
  if [ -n "$hits" ]; then echo "include rule broken ($3):"; echo "$hits"; fail=1; fi
}
check core '#include [<"](boost|sqlite3|openssl|sodium|argon2|spdlog|toml|CLI|http/|api/|store/|crypto/)' "core/ is pure domain code"
for d in common core store http api app; do
  check "$d" '#include [<"](openssl/|sodium)' "only crypto/ may use OpenSSL or libsodium"
done
check http '#include "(core|api|store|crypto|app)/' "http/ is transport only"
check common '#include "(core|api|store|crypto|http|app)/' "common/ is a leaf"
check store '#include "(api|http|app)/' "store/ sits below api/"
[ $fail -eq 0 ] && echo "include rules hold"
exit $fail
