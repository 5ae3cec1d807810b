#!/usr/bin/env bash
# Runs a real Orleans.Backup cluster on one machine, state in PostgreSQL:
#   1. PostgreSQL on 127.0.0.1:${OBK_PG_PORT:-55433}, data in ./.pgdata (kept between runs);
#   2. `OrleansBackup.Silo init-db` (the schema of deploy/postgresql, idempotent);
#   3. N silos (default 3): silo i gets BACKUP_SILO_PORT=11111+i, BACKUP_GATEWAY_PORT=30000+i,
#      BACKUP_DASHBOARD_PORT=8889+i (so silo 0's dashboard is http://127.0.0.1:8889), logs in logs/silo-i;
#   4. the Api in the foreground (http://127.0.0.1:${BACKUP_PORT:-8888}).
# Every process gets BACKUP_DB. Ctrl-C stops the Api, the silos and PostgreSQL (data kept).
#
#   deploy/run-cluster.sh [N] [options passed to every silo and the Api]
#   BACKUP_DB=... deploy/run-cluster.sh   # use that database instead of starting PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."

silos=3
if [[ ${1:-} =~ ^[0-9]+$ ]]; then silos=$1; shift; fi
(( silos >= 1 )) || { echo "run-cluster.sh: need at least one silo" >&2; exit 2; }

config=${BACKUP_BUILD_CONFIGURATION:-Release}
echo "Building ($config)..."
dotnet build Orleans.Backup.sln -c "$config" -nologo -v quiet -clp:ErrorsOnly
silo_dll="Silo/bin/$config/net10.0/OrleansBackup.Silo.dll"
api_dll="Api/bin/$config/net10.0/OrleansBackup.Api.dll"

pids=()
own_pg=false
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if $own_pg; then bash tests/postgres.sh halt || true; fi
}
trap cleanup EXIT INT TERM

if [[ -z ${BACKUP_DB:-} ]]; then
  export OBK_PG_PORT=${OBK_PG_PORT:-55433} OBK_PG_DB=${OBK_PG_DB:-orleans_backup}
  # The server runs as `postgres` when we are root; it must reach its data directory.
  data="$PWD/.pgdata"
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$PWD"; then
    data="/tmp/obk-pgdata-$OBK_PG_PORT"
    echo "run-cluster.sh: user postgres cannot enter $PWD; PostgreSQL data goes to $data" >&2
  fi
  export OBK_PG_DATA=$data
  own_pg=true
  BACKUP_DB=$(bash tests/postgres.sh start)
  export BACKUP_DB
fi

echo "Applying the schema..."
dotnet "$silo_dll" init-db "$@"

for (( i = 0; i < silos; i++ )); do
  BACKUP_SILO_PORT=$((11111 + i)) BACKUP_GATEWAY_PORT=$((30000 + i)) BACKUP_DASHBOARD_PORT=$((8889 + i)) \
  BACKUP_LOG_DIR="${BACKUP_LOG_DIR:-logs}/silo-$i" \
    dotnet "$silo_dll" "$@" &
  pids+=($!)
  echo "silo $i: pid $!, silo port $((11111 + i)), gateway $((30000 + i)), dashboard http://127.0.0.1:$((8889 + i))"
done

# A silo that dies at once (bad configuration, port in use) stops the whole run with its exit code.
sleep 1
for pid in "${pids[@]}"; do
  if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; exit $?; fi
done

dotnet "$api_dll" "$@" &
pids+=($!)
wait "${pids[-1]}"
