#!/usr/bin/env bash
# bench/peers.sh: runs the shared peer benchmark (better-auth by default) for side-by-side figures.
#
# Copies the shared peers folder (PEERS_SRC, default /work/shared/peers or ../shared/peers relative to
# the repository) to a writable directory (PEERS_DIR, default a new temp dir; an existing PEERS_DIR
# that already holds a copy is reused, which skips the npm installs), runs its install.sh and then
# `bench.sh <args>` (default: better-auth = sign-in and get-session on PostgreSQL), and prints the
# summary lines this run appended. If bench/results/latest.tsv exists (written by bench/run.sh),
# prints Portcullis/peer ratios: login vs sign-in, profile vs get-session, client_credentials vs
# oidc-provider's client_credentials (opaque and ES256 JWT; issue 10's target: >= 6x the opaque one).
#
# usage: bench/peers.sh [better-auth|better-auth-memory|oidc|idle-rss|all ...]
#   env: PEERS_SRC, PEERS_DIR, and the peers' own DUR=10s CONN=32 THREADS=2 TRIES=3
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SRC=${PEERS_SRC:-}
if [ -z "$SRC" ]; then
  for d in /work/shared/peers "$ROOT/../shared/peers"; do
    [ -f "$d/bench.sh" ] && { SRC=$(cd "$d" && pwd); break; }
  done
fi
[ -n "$SRC" ] && [ -f "$SRC/bench.sh" ] || { echo "peers.sh: no peers folder (set PEERS_SRC)" >&2; exit 1; }
DIR=${PEERS_DIR:-$(mktemp -d /tmp/portcullis-peers.XXXXXX)}
mkdir -p "$DIR"
if [ ! -f "$DIR/bench.sh" ]; then
  cp -r "$SRC/." "$DIR/"
fi
echo "peers: $SRC -> $DIR"
ARGS=("$@"); [ ${#ARGS[@]} -gt 0 ] || ARGS=(better-auth)

cd "$DIR"
./install.sh
SUM=results/summary.tsv
mkdir -p results
before=0; [ -f "$SUM" ] && before=$(wc -l < "$SUM")
for a in "${ARGS[@]}"; do ./bench.sh "$a"; done
./stop-all.sh >/dev/null 2>&1 || true

echo
echo "peer summary (this run):"
head -1 "$SUM"
tail -n +"$((before + 1))" "$SUM" | grep -v '^date' || true

LATEST=$HERE/results/latest.tsv
if [ -f "$LATEST" ]; then
  echo
  echo "ratios against $LATEST (Portcullis / peer, req/s; same machine, compare within one session):"
  new=$(tail -n +"$((before + 1))" "$SUM" | grep -v '^date' || true)
  ratio() { # portcullis-test peer-test-regex label
    local p q
    p=$(awk -F'\t' -v t="$1" '$3==t{v=$4} END{print v}' "$LATEST")
    # the last undisturbed run of that test, else the last one
    q=$(printf '%s\n' "$new" | awk -F'\t' -v t="$2" '$3 ~ t && $4 != "-" {
          if ($3 !~ /disturbed/) { u=$4; up=$2 } else { d=$4; dp=$2 } }
        END { if (u != "") print u" "up; else if (d != "") print d" "dp }')
    set -- "$3" "$p" $q
    if [ -n "${2:-}" ] && [ -n "${3:-}" ] && [ "$2" != - ]; then
      printf "  %-28s %10s vs %10s (%s) = %sx\n" "$1" "$2" "$3" "${4:-peer}" \
        "$(awk -v a="$2" -v b="$3" 'BEGIN{ if (b>0) printf "%.1f", a/b; else print "-" }')"
    fi
  }
  ratio login '^sign-in' "login vs sign-in"
  ratio profile '^get-session' "profile vs get-session"
  ratio client_credentials '^cc-opaque' "client_credentials vs oidc opaque"
  ratio client_credentials '^cc-jwt-ES256' "client_credentials vs oidc ES256"
fi
