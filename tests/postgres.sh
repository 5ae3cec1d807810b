#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on 127.0.0.1 only.
#
#   bash tests/postgres.sh start   # init (first time) + start; prints the connection string
#   bash tests/postgres.sh env     # prints `export BACKUP_TEST_DB=...` (eval "$(... env)")
#   bash tests/postgres.sh stop    # stops the server and deletes its data directory
#   bash tests/postgres.sh halt    # stops the server, keeps the data (deploy/run-cluster.sh)
#
# PostgreSQL refuses to run as root, so when started by root the server runs as the `postgres`
# user. Settings: OBK_PG_PORT (default 55432), OBK_PG_DATA (default /tmp/obk-pg-<port>),
# OBK_PG_DB (default orleans_backup_test). `start` is idempotent: a running server is reused.
set -euo pipefail

port=${OBK_PG_PORT:-55432}
data=${OBK_PG_DATA:-/tmp/obk-pg-$port}
db=${OBK_PG_DB:-orleans_backup_test}
host=127.0.0.1

connection_string() {
  echo "Host=$host;Port=$port;Database=$db;Username=postgres;Password=postgres;Pooling=true"
}

find_bin() {
  # Debian keeps the server binaries off PATH (/usr/lib/postgresql/<v>/bin); prefer PATH.
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
  return 1
}

ensure_bin() {
  if ! bin=$(find_bin); then
    echo "postgres.sh: initdb not found; installing the postgresql package" >&2
    if [[ $(id -u) -ne 0 ]]; then echo "postgres.sh: need root to apt-get install postgresql" >&2; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    bin=$(find_bin) || { echo "postgres.sh: initdb still not found after installing postgresql" >&2; exit 1; }
  fi
}

# Runs a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

psql_admin() {
  PGPASSWORD=postgres psql -h "$host" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

start() {
  ensure_bin
  if ! [[ -f "$data/PG_VERSION" ]]; then
    mkdir -p "$data"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$data"
    chmod 700 "$data"
    local pwfile
    pwfile=$(mktemp)
    echo postgres >"$pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres "$pwfile"
    # Password auth (scram) for TCP; the server listens on 127.0.0.1 only, no Unix socket dir
    # outside the data directory, so nothing else on the machine is touched.
    as_owner "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-host=scram-sha-256 \
      --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
      || { cat "$data.initdb.log" >&2; rm -f "$pwfile"; exit 1; }
    rm -f "$pwfile"
  fi
  if ! is_running; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=$host -p $port -k $data -c max_connections=200 -c fsync=off" start >/dev/null \
      || { tail -n 30 "$data/server.log" >&2; exit 1; }
  fi
  if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
    psql_admin -c "CREATE DATABASE $db"
  fi
  echo "PostgreSQL on $host:$port (data $data), database $db" >&2
  connection_string
}

stop() {
  ensure_bin
  if is_running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  rm -rf "$data" "$data.initdb.log"
  echo "PostgreSQL on $host:$port stopped, $data removed" >&2
}

halt() {
  ensure_bin
  if is_running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  echo "PostgreSQL on $host:$port stopped, data kept in $data" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  halt) halt ;;
  env) echo "export BACKUP_TEST_DB='$(connection_string)'" ;;
  *) echo "usage: $0 start|stop|halt|env" >&2; exit 2 ;;
esac
