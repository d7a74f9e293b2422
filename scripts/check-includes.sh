#!/usr/bin/env bash
# Keeps the dependency direction of docs/ARCHITECTURE.md true: core/ includes no I/O, crypto or
# JSON library (pure text libraries are allowed: libunistring, libidn2, libzxcvbn); only crypto/
# includes OpenSSL or libsodium; http/ knows nothing of core/; api/ sees only core/, http/ and
# common/, and one dialect's folder never includes another's; only
# store/postgres/ includes libpq; only mail/, sso/ and storage/ include libcurl, and only app/
# includes sso/ or storage/; only media/ includes libvips or libmagic, media/ sees only core/ and
# common/, and only app/ wires it.
set -euo pipefail
cd "$(dirname "$0")/../src"
fail=0
check() { # dir pattern why [allowed: a pattern of includes that $2 matches but may stay]
  local hits
  hits=$(grep -rnE "$2" "$1" --include='*.h' --include='*.cc' | grep -vE '(_test\.cc|/testing/[^:]*):' || true)
  if [ -n "$hits" ] && [ -n "${4:-}" ]; then hits=$(grep -vE "$4" <<<"$hits" || true); fi
  if [ -n "$hits" ]; then echo "include rule broken ($3):"; echo "$hits"; fail=1; fi
}
check core '#include [<"](boost|sqlite3|libpq|openssl|sodium|argon2|spdlog|toml|CLI|http/|api/|store/|crypto/|mail/|curl/)' "core/ is pure domain code"
for d in common core store http api app; do
  check "$d" '#include [<"](openssl/|sodium)' "only crypto/ may use OpenSSL or libsodium"
done
for d in common core http api app crypto store/sqlite store/memory store/conformance storage; do
  check "$d" '#include [<"]libpq' "only store/postgres/ may use libpq"
done
for d in common core store http api app crypto; do
  check "$d" '#include [<"]curl/' "only mail/, sso/ and storage/ may use libcurl"
done
check mail '#include "[a-z_]+/' "mail/ includes only core/, common/ and its own" \
  '#include "(mail|core|common)/'
check sso '#include "[a-z_]+/' "sso/ includes only core/, common/, crypto/ and its own" \
  '#include "(sso|core|common|crypto)/'
check sso '#include [<"](openssl/|sodium)' "only crypto/ may use OpenSSL or libsodium"
for d in core store http api crypto mail; do
  check "$d" '#include "sso/' "only app/ wires sso/"
done
check storage '#include "[a-z_]+/' "storage/ includes only core/, common/ and its own" \
  '#include "(storage|core|common)/'
check storage '#include [<"](openssl/|sodium)' "only crypto/ may use OpenSSL or libsodium"
for d in core store http api crypto mail sso; do
  check "$d" '#include "storage/' "only app/ wires storage/"
done
check store/postgres '#include "store/(sqlite|memory)/' "store/postgres/ includes no other backend"
check http '#include "(core|api|store|crypto|app)/' "http/ is transport only"
check common '#include "(core|api|store|crypto|http|app)/' "common/ is a leaf"
check store '#include "(api|http|app)/' "store/ sits below api/"
check api '#include "[a-z_]+/' "api/ includes only core/, http/, common/ and its own (no store/ or crypto/)" \
  '#include "(api|core|http|common)/'
# Every api/ header sits in a folder: common/ (shared by every dialect) or one dialect's folder.
check api '#include "api/[^/"]*"' "api/ headers live in api/common/ or a dialect's folder"
for dir in api/*/; do
  dialect=$(basename "$dir")
  if [ "$dialect" = common ]; then
    check "$dir" '#include "api/[a-z_]+/' "api/common/ is shared: it includes no dialect" \
      '#include "api/common/'
  else
    check "$dir" '#include "api/[a-z_]+/' "api/$dialect/ includes no other dialect's folder" \
      "#include \"api/(common|$dialect)/"
  fi
done
# media/: image transforms and content sniffing, reached by everything else through core/ports/.
for d in common core store http api app crypto mail sso storage; do
  check "$d" '#include [<"](vips/|magic\.h)' "only media/ may use libvips or libmagic"
done
check media '#include "[a-z_]+/' "media/ includes only core/, common/ and its own" \
  '#include "(media|core|common)/'
for d in common core store http api crypto mail sso storage; do
  check "$d" '#include "media/' "only app/ wires media/"
done
[ $fail -eq 0 ] && echo "include rules hold"
exit $fail
