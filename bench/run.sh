#!/usr/bin/env bash
# bench/run.sh: measures Portcullis with wrk on 127.0.0.1, builds nothing.
#
# Starts $PORTCULLIS_BIN (default build/release/portcullis) on a free port with a temp data dir and
# the DEFAULT Argon2id cost, creates a user, then runs wrk for each test:
#   login    POST /v1/auth/login                 (one Argon2id hash per request)
#   refresh  POST /v1/auth/refresh               (every request spends a fresh token: durable write)
#   profile  GET  /v1/me/profile with a Bearer   (JWT verify + read)
# and measures, in the same run, the hashing ceiling with `portcullis bench-hash` (hashes/s of the
# default Argon2id cost on HASH_THREADS threads), the idle RSS (VmRSS 1 s after start) and, per test,
# the peak RSS (VmHWM, reset before each test through /proc/PID/clear_refs when allowed).
#
# usage: bench/run.sh [login] [refresh] [profile]        (default: all three; order: profile refresh login)
#   env: PORTCULLIS_BIN, THREADS=2 CONN=32 DUR=10s (wrk -t -c -d), LOGIN_TIMEOUT=10s, TIMEOUT=5s,
#        HASH_THREADS=2 HASH_SECONDS=5, KEEP=1 (keep the temp dir), RESULTS=bench/results,
#        TRIES=3 FOREIGN_MAX=1.5 (repeat a run disturbed by other jobs), QUIET_WAIT=60 (seconds to
#        wait for the machine to calm down before a run)
#        other PORTCULLIS_* variables are passed to the server, except the Argon2 cost ones.
# Output: a table (test, req/s, p50, p99, non-2xx, peak RSS) plus idle RSS, hash ceiling and the
# issue-2 targets; raw wrk output and a TSV in $RESULTS (latest.tsv is the last run).
# Columns server_cpu/foreign_cpu are CPU-seconds during the run; foreign > ~1.5 s means other jobs
# competed for the cores and the figure is disturbed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
BIN=${PORTCULLIS_BIN:-$ROOT/build/release/portcullis}
THREADS=${THREADS:-2}; CONN=${CONN:-32}; DUR=${DUR:-10s}
TIMEOUT=${TIMEOUT:-5s}; LOGIN_TIMEOUT=${LOGIN_TIMEOUT:-10s}
HASH_THREADS=${HASH_THREADS:-2}; HASH_SECONDS=${HASH_SECONDS:-5}
RESULTS=${RESULTS:-$HERE/results}
EMAIL=bench@example.com
PASSWORD='correct horse battery staple'
TESTS=("$@"); [ ${#TESTS[@]} -gt 0 ] || TESTS=(profile refresh login)

[ -x "$BIN" ] || { echo "run.sh: no portcullis binary at $BIN (set PORTCULLIS_BIN)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl is not installed" >&2; exit 1; }
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d /tmp/portcullis-bench.XXXXXX)
PID=

cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
rss()  { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
hwm()  { awk '/^VmHWM/{print $2}' "/proc/$1/status"; }
reset_hwm() { echo 5 > "/proc/$1/clear_refs" 2>/dev/null || true; }
# "machine_busy_s server_cpu_s" in one read (USER_HZ ticks -> seconds)
snap() {
  local hz; hz=$(getconf CLK_TCK)
  { head -1 /proc/stat; cat "/proc/$1/stat"; } | awk -v hz="$hz" '
    NR==1 { b=($2+$3+$4)/hz; next }
    NR==2 { sub(/^.*\) /, ""); s=($12+$13)/hz }
    END { printf "%.2f %.2f\n", b, s }'
}
# wrk latency figure ("850.00us", "1.20ms", "2.01s", "1.5m") -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v == "" || v == "-") { print "-"; exit }
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000;
    else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

# ------------------------------------------------------------------ hashing ceiling
# Measured right before the login run (the server idle), so both see the same machine load.
CEILING=-
measure_ceiling() {
  local out
  if out=$("$BIN" bench-hash --threads "$HASH_THREADS" --seconds "$HASH_SECONDS" 2>&1); then
    CEILING=$(printf '%s\n' "$out" | awk '/hashes_per_second/{print $2; exit}')
    CEILING=${CEILING:--}
  else
    echo "run.sh: 'portcullis bench-hash' failed or is missing; ceiling unknown:" >&2
    printf '%s\n' "$out" | tail -3 >&2
  fi
}

# ------------------------------------------------------------------ server
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
# default Argon2id cost, whatever the caller's environment says
unset PORTCULLIS_ARGON2_MEMORY_KIB PORTCULLIS_ARGON2_ITERATIONS PORTCULLIS_ARGON2_PARALLELISM
"$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite:$WORK/portcullis.db" --data-dir "$WORK" \
  > "$WORK/server.log" 2>&1 < /dev/null &
PID=$!
for _ in $(seq 1 300); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/health" || true)
  [ "$code" = 204 ] && break
  kill -0 "$PID" 2>/dev/null || { echo "server exited:"; tail -20 "$WORK/server.log"; exit 1; }
  sleep 0.1
done
[ "$code" = 204 ] || { echo "server not ready"; tail -20 "$WORK/server.log"; exit 1; }
sleep 1
IDLE_RSS=$(rss "$PID")

# ------------------------------------------------------------------ fixtures: a user, tokens
json_field() { { cat; echo; } | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"; }
login_body() { printf '{"email":"%s","password":"%s"}' "$EMAIL" "$PASSWORD"; }
code=$(curl -s -o "$WORK/register.json" -w '%{http_code}' -X POST "$URL/v1/auth/register" \
  -H 'Content-Type: application/json' -d "$(login_body)")
[ "$code" = 201 ] || { echo "register failed: $code $(cat "$WORK/register.json")"; exit 1; }
ACCESS=$(json_field access_token < "$WORK/register.json")

# one fresh session per refresh-token chain (wrk connections + spare); logins run 4 at a time
# (each one is an Argon2id hash). Called before every refresh run: a run spends the tokens.
NEED_TOKENS=$((CONN + 2 * THREADS))
seed_tokens() {
  rm -f "$WORK"/login.*.json
  export URL WORK
  seq 1 "$NEED_TOKENS" | xargs -P 4 -I{} sh -c \
    "curl -s -X POST \"\$URL/v1/auth/login\" -H 'Content-Type: application/json' -d '$(login_body)' > \"\$WORK/login.{}.json\""
  for f in "$WORK"/login.*.json; do json_field refresh_token < "$f"; done > "$WORK/tokens.txt"
  local got; got=$(wc -l < "$WORK/tokens.txt")
  [ "$got" -ge "$CONN" ] || { echo "only $got of $NEED_TOKENS seed logins succeeded"; cat "$WORK"/login.1.json; exit 1; }
}

# ------------------------------------------------------------------ wrk runs
TSV=$RESULTS/portcullis-$STAMP.tsv
printf "date\tpeer\ttest\treq_per_s\tp50\tp99\tnon2xx\terrors\tserver_cpu_s\twrk_cpu_s\tforeign_cpu_s\tpeak_rss_kb\n" > "$TSV"
declare -A RPS P50 P99 NON2 PEAK ERR FOREIGN

# CPU% used by everything but the server over 1 s (wrk is not running): other jobs on the machine
foreign_pct() {
  local b0 c0 b1 c1; read -r b0 c0 < <(snap "$PID"); sleep 1; read -r b1 c1 < <(snap "$PID")
  awk -v a="$b0" -v b="$b1" -v c="$c0" -v d="$c1" 'BEGIN{printf "%.0f", 100*((b-a)-(d-c))}'
}
wait_quiet() { # wait (at most QUIET_WAIT s) until other processes use < 15 % CPU
  local f i; for i in $(seq 1 "${QUIET_WAIT:-60}"); do
    f=$(foreign_pct); [ "$f" -lt 15 ] && return 0
    [ $((i % 10)) = 1 ] && echo "  (waiting: other processes use ${f}% CPU)" >&2
  done; return 0
}

# Runs one test; if other jobs used more than FOREIGN_MAX CPU-seconds during it, runs it again
# (TRIES in all) and keeps the least disturbed run.
TRIES=${TRIES:-3}; FOREIGN_MAX=${FOREIGN_MAX:-1.5}
run_one() { # test lua timeout
  local i best=
  for i in $(seq 1 "$TRIES"); do
    [ "$1" = login ] || wait_quiet
    run_one1 "$@"
    if [ -z "$best" ] || awk -v a="$LAST_FOREIGN" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$LAST_FOREIGN; cp "$LAST_OUT" "$LAST_OUT.best"; BEST_ROW=$LAST_ROW; BEST_PEAK=$LAST_PEAK
    fi
    awk -v a="$LAST_FOREIGN" -v m="$FOREIGN_MAX" 'BEGIN{exit !(a<=m)}' && break
    [ "$i" -lt "$TRIES" ] && echo "  $1: disturbed (other jobs used ${LAST_FOREIGN} CPU-s), trying again" >&2
  done
  mv "$LAST_OUT.best" "$LAST_OUT"
  parse_out "$1" "$LAST_OUT" "$best" "$BEST_PEAK"
  printf "%s\n" "$BEST_ROW" >> "$TSV"
  grep -h 'refresh.lua:' "$LAST_OUT" || true
}

parse_out() { # test file foreign peak
  local t=$1 out=$2
  RPS[$t]=$(awk '/Requests\/sec/{print $2}' "$out"); RPS[$t]=${RPS[$t]:--}
  P50[$t]=$(awk '/^ +50%/{print $2}' "$out"); P50[$t]=${P50[$t]:--}
  P99[$t]=$(awk '/^ +99%/{print $2}' "$out"); P99[$t]=${P99[$t]:--}
  NON2[$t]=$(awk '/Non-2xx/{print $5}' "$out"); NON2[$t]=${NON2[$t]:-0}
  ERR[$t]=$(grep -o 'Socket errors:.*' "$out" || true); ERR[$t]=${ERR[$t]:-none}
  FOREIGN[$t]=$3; PEAK[$t]=$4
}

run_one1() { # test lua timeout
  local t=$1 lua=$2 to=$3 out=$RESULTS/portcullis.$1.$STAMP.wrk.txt
  [ "$t" = refresh ] && seed_tokens
  reset_hwm "$PID"
  local b0 c0 b1 c1; read -r b0 c0 < <(snap "$PID")
  local TIMEFORMAT='%U %S' wt
  wt=$( { time env BENCH_EMAIL="$EMAIL" BENCH_PASSWORD="$PASSWORD" BENCH_ACCESS="$ACCESS" \
          BENCH_TOKENS="$WORK/tokens.txt" WRK_THREADS="$THREADS" \
          wrk -t"$THREADS" -c"$CONN" -d"$DUR" --latency --timeout "$to" -s "$HERE/wrk/$lua" "$URL" \
          > "$out" 2>&1 ; } 2>&1 ) || true
  read -r b1 c1 < <(snap "$PID")
  local sc wc fc
  sc=$(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.1f", b-a}')
  wc=$(echo "$wt" | awk '{printf "%.1f", $1+$2}')
  fc=$(awk -v a="$b0" -v b="$b1" -v s="$sc" -v w="$wc" 'BEGIN{printf "%.1f", b-a-s-w}')
  parse_out "$t" "$out" "$fc" "$(hwm "$PID")"
  LAST_FOREIGN=$fc; LAST_OUT=$out; LAST_PEAK=${PEAK[$t]}
  LAST_ROW=$(printf "%s\tportcullis\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s" "$(date -u +%FT%TZ)" "$t" "${RPS[$t]}" \
    "${P50[$t]}" "${P99[$t]}" "${NON2[$t]}" "${ERR[$t]}" "$sc" "$wc" "$fc" "${PEAK[$t]}")
}

for t in "${TESTS[@]}"; do
  case $t in
    login)   wait_quiet; measure_ceiling; run_one login login.lua "$LOGIN_TIMEOUT" ;;
    refresh) run_one refresh refresh.lua "$TIMEOUT" ;;
    profile) run_one profile profile.lua "$TIMEOUT" ;;
    *) echo "unknown test $t (login|refresh|profile)" >&2; exit 2 ;;
  esac
done
[ "$CEILING" != - ] || { wait_quiet; measure_ceiling; }
printf "%s\tportcullis\tidle-rss\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n" "$(date -u +%FT%TZ)" "$IDLE_RSS" >> "$TSV"
printf "%s\tportcullis\thash-ceiling-%st\t%s\t-\t-\t-\t-\t-\t-\t-\t-\n" "$(date -u +%FT%TZ)" "$HASH_THREADS" "$CEILING" >> "$TSV"
cp "$TSV" "$RESULTS/latest.tsv"

# ------------------------------------------------------------------ report
echo
echo "Portcullis $("$BIN" version 2>/dev/null | head -1) - wrk -t$THREADS -c$CONN -d$DUR, $(nproc) cores, $(date -u +%FT%TZ)"
printf "%-10s %12s %10s %10s %9s %14s %12s\n" test req/s p50 p99 non-2xx "peak RSS (MB)" "foreign cpu"
for t in "${TESTS[@]}"; do
  printf "%-10s %12s %10s %10s %9s %14s %12s\n" "$t" "${RPS[$t]}" "${P50[$t]}" "${P99[$t]}" "${NON2[$t]}" \
    "$(awk -v k="${PEAK[$t]}" 'BEGIN{printf "%.1f", k/1024}')" "${FOREIGN[$t]}s"
  [ "${ERR[$t]}" = none ] || echo "           socket errors: ${ERR[$t]}"
done
printf "%-10s %12s %10s %10s %9s %14s\n" idle - - - - "$(awk -v k="$IDLE_RSS" 'BEGIN{printf "%.1f", k/1024}')"
echo "hash ceiling (bench-hash, $HASH_THREADS threads, default cost): $CEILING hashes/s"

echo
echo "issue-2 targets:"
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo FAIL; fi; }
if [ -n "${RPS[login]:-}" ] && [ "$CEILING" != - ] && [ "${RPS[login]}" != - ]; then
  r=$(awk -v a="${RPS[login]}" -v b="$CEILING" 'BEGIN{printf "%.0f", 100*a/b}')
  echo "  login >= 80% of hash ceiling:   ${RPS[login]} / $CEILING = $r%   $(verdict "$([ "$r" -ge 80 ] && echo 1)")"
fi
if [ -n "${RPS[refresh]:-}" ] && [ "${RPS[refresh]}" != - ]; then
  echo "  refresh >= 8000/s:              ${RPS[refresh]}   $(verdict "$(awk -v a="${RPS[refresh]}" 'BEGIN{print (a>=8000)}')")"
fi
if [ -n "${RPS[profile]:-}" ] && [ "${RPS[profile]}" != - ]; then
  p99=$(to_ms "${P99[profile]}")
  echo "  profile >= 30000/s, p99 < 10ms: ${RPS[profile]}, p99 ${p99} ms   $(verdict "$(awk -v a="${RPS[profile]}" -v p="$p99" 'BEGIN{print (a>=30000 && p<10)}')")"
fi
echo "  idle RSS < 25 MB:               $(awk -v k="$IDLE_RSS" 'BEGIN{printf "%.1f", k/1024}') MB   $(verdict "$(awk -v k="$IDLE_RSS" 'BEGIN{print (k<25600)}')")"
echo "results: $TSV (wrk output beside it)"
