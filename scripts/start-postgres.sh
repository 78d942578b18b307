#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and local scale-out runs: trust auth, loopback only,
# fsync off. Idempotent: `start` on a running cluster just prints its URL again.
#
#   scripts/start-postgres.sh start DIR [PORT]   # prints postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/start-postgres.sh stop DIR
#   scripts/start-postgres.sh status DIR         # exit 0 when running
#
# Exit 3 when the PostgreSQL binaries are missing (apt-get install -y postgresql).
# As root the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
DIR=${2:-}
if [ -z "$cmd" ] || [ -z "$DIR" ]; then
  echo "usage: $0 start|stop|status DIR [PORT]" >&2
  exit 2
fi
if [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "PostgreSQL binaries not found in $BIN (install them with: apt-get install -y postgresql)" >&2
  exit 3
fi

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PG="$DIR/pgdata"
SOCK="$DIR/pgsock"

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
running() { [ -f "$PG/postmaster.pid" ] && as_pg "'$BIN/pg_ctl' -D '$PG' status" >/dev/null 2>&1; }
url() { echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port")/postgres"; }

case "$cmd" in
  start)
    if running; then url; exit 0; fi
    PORT=${3:-5440}
    echo "$PORT" > "$DIR/port"
    # the cluster user must be able to reach its folders (mktemp -d makes them 0700)
    chmod 755 "$DIR"
    if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres "$PG" "$SOCK"; else mkdir -p "$PG" "$SOCK"; fi
    if [ ! -f "$PG/PG_VERSION" ]; then
      as_pg "'$BIN/initdb' -D '$PG' -A trust -U postgres --no-sync" > "$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    fi
    as_pg "'$BIN/pg_ctl' -D '$PG' -l '$PG/server.log' -o \"-p $PORT -k '$SOCK' -c listen_addresses=127.0.0.1 -c fsync=off\" -w start" > /dev/null || { cat "$PG/server.log" >&2; exit 1; }
    url
    ;;
  stop)
    if running; then as_pg "'$BIN/pg_ctl' -D '$PG' -m fast -w stop" > /dev/null; fi
    ;;
  status)
    if running; then url; else echo "not running" >&2; exit 1; fi
    ;;
  *)
    echo "unknown command \"$cmd\"; use start, stop or status" >&2
    exit 2
    ;;
esac
