#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks (Debian's postgresql-15), run as the
# `postgres` user, listening only on 127.0.0.1 on a free port, fsync on (the default).
#   scripts/postgres.sh start   initdb when needed, start, print the URL (a superuser on `postgres`)
#   scripts/postgres.sh url     print the URL of the running cluster
#   scripts/postgres.sh stop    stop it (fast shutdown) and remove its directory
#   scripts/postgres.sh halt    stop it and keep its data (start brings it back on the same port)
#   env: PG_DIR (default /tmp/portcullis-pg-<hash of this checkout's path>, so checkouts do not
#        share a cluster; the cluster, its log and its URL live there), PG_PORT
#        (default: a free port), PG_BIN (default /usr/lib/postgresql/15/bin)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${PG_DIR:-/tmp/portcullis-pg-$(printf %s "$ROOT" | md5sum | cut -c1-8)}
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DATA=$DIR/data
SOCK=$DIR/sock
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
start)
  [ -x "$BIN/initdb" ] || { echo "postgres.sh: no $BIN/initdb (apt-get install postgresql-15)" >&2; exit 1; }
  mkdir -p "$DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    port=${PG_PORT:-$(free_port)}
    as_pg mkdir -p "$SOCK"
    cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$SOCK'
max_connections = 300
shared_buffers = 128MB
fsync = on
synchronous_commit = on
CONF
    echo "postgres://postgres@127.0.0.1:$port/postgres" > "$DIR/url"
  fi
  if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start >/dev/null
  fi
  cat "$DIR/url"
  ;;
url)
  cat "$DIR/url"
  ;;
stop)
  if [ -f "$DATA/PG_VERSION" ]; then
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  ;;
halt)
  as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  ;;
restart)
  as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w restart -l "$DIR/server.log" >/dev/null
  ;;
*)
  echo "usage: $0 start|url|stop|halt|restart" >&2; exit 2 ;;
esac
