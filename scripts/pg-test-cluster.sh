#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the storage tests: trust auth on 127.0.0.1 only, fsync off.
#
#   eval "$(scripts/pg-test-cluster.sh start DIR PORT)"   # exports ZX_TEST_PG_URL
#   scripts/pg-test-cluster.sh stop DIR                   # idempotent; DIR is left for you to delete
#
# Only the export line goes to stdout; progress and errors go to stderr. Starting an already
# running cluster just prints the line again. initdb refuses to run as root, so under root (CI) the
# cluster belongs to the unprivileged system user `postgres` (created if missing) and DIR is
# chowned to it; its parent directories must be traversable by that user (e.g. under /tmp).
set -euo pipefail

PG_BIN=${ZX_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=${ZX_PG_OWNER:-postgres}  # owner of the cluster when run as root
DB_ROLE=zx
DB_NAME=zx_test

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}
say() { echo "pg-test-cluster: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# Runs a PostgreSQL binary as the cluster's owner, from a directory that owner can enter.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$DIR" && runuser -u "$PG_USER" -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 server in $PG_BIN (scripts/install-deps.sh --with-db)"
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$PORT'"
  # Unix socket paths are limited to 107 bytes.
  [ $((${#SOCK} + 20)) -lt 108 ] || die "DIR path too long for a Unix socket; choose a shorter one"
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
      say "creating system user $PG_USER"
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
    fi
    chown -R "$PG_USER": "$DIR"
    runuser -u "$PG_USER" -- test -w "$DIR" ||
      die "$DIR is not reachable by user $PG_USER (a parent directory is private?); use a directory under /tmp"
  fi
  mkdir -p "$SOCK"
  [ "$(id -u)" -ne 0 ] || chown "$PG_USER": "$SOCK"
  chmod 700 "$SOCK"

  if [ ! -f "$DATA/PG_VERSION" ]; then
    say "initdb in $DATA"
    as_owner "$PG_BIN/initdb" -D "$DATA" -U "$DB_ROLE" --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$DIR/initdb.log" 2>&1 || die "initdb failed: $(tail -n 5 "$DIR/initdb.log")"
    # The socket lives in DIR (mode 700); TCP is 127.0.0.1 only.
    cat >"$DATA/pg_hba.conf" <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
    cat >>"$DATA/postgresql.conf" <<EOF

# pg-test-cluster.sh: a disposable test server, durability traded for speed
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
  fi

  if running; then
    say "already running ($DATA)"
  else
    say "starting on 127.0.0.1:$PORT"
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $SOCK" start >/dev/null ||
      die "server did not start: $(tail -n 5 "$DIR/server.log" 2>/dev/null)"
  fi
  local port_in_use
  port_in_use=$(sed -n 4p "$DATA/postmaster.pid")
  [ "$port_in_use" = "$PORT" ] || die "cluster in $DIR is already running on port $port_in_use, not $PORT"

  for _ in $(seq 1 60); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U "$DB_ROLE" && break
    sleep 0.5
  done
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U "$DB_ROLE" ||
    die "server on 127.0.0.1:$PORT does not accept connections; see $DIR/server.log"

  local psql=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$DB_ROLE" -d postgres -v ON_ERROR_STOP=1)
  if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
    "${psql[@]}" -c "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  echo "export ZX_TEST_PG_URL=postgresql://$DB_ROLE@127.0.0.1:$PORT/$DB_NAME"
}

stop() {
  if [ ! -d "$DATA" ]; then
    say "no cluster in $DIR; nothing to stop"
    return 0
  fi
  if running; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
    say "stopped ($DATA)"
  else
    say "not running ($DATA)"
  fi
}

[ $# -ge 2 ] || usage
CMD=$1
DIR=$(realpath -m -- "$2")
DATA=$DIR/data
SOCK=$DIR/sock
case "$CMD" in
  start)
    [ $# -eq 3 ] || usage
    PORT=$3
    start
    ;;
  stop)
    [ $# -eq 2 ] || usage
    stop
    ;;
  *) usage ;;
esac
