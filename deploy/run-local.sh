#!/usr/bin/env bash
# Runs Orleans.Backup on one machine: builds, starts one silo in the background and the Api in the
# foreground (http://127.0.0.1:${BACKUP_PORT:-8888}). Ctrl-C stops both.
# Every BACKUP_* variable (see README) and every command-line option is passed through to both.
# Jobs, history and interrupted runs are kept in ./state (BACKUP_STATE_DIR) and survive a restart.
set -euo pipefail
cd "$(dirname "$0")/.."

config=${BACKUP_BUILD_CONFIGURATION:-Release}
echo "Building ($config)..."
dotnet build Orleans.Backup.sln -c "$config" -nologo -v quiet -clp:ErrorsOnly

silo_dll="Silo/bin/$config/net10.0/OrleansBackup.Silo.dll"
api_dll="Api/bin/$config/net10.0/OrleansBackup.Api.dll"

dotnet "$silo_dll" "$@" &
silo_pid=$!
cleanup() { kill "$silo_pid" 2>/dev/null || true; wait "$silo_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# The Api retries its cluster connection, so it can start at once; if the silo dies on start-up
# (bad configuration, port in use) stop here with its exit code.
sleep 0.5
if ! kill -0 "$silo_pid" 2>/dev/null; then
  wait "$silo_pid"; exit $?
fi
dotnet "$api_dll" "$@"
