#!/usr/bin/env bash
# Migration from the old single-file backup server (backup_server.py):
#   deploy/migrate.sh --from DIR [--dry-run]          import backup_status.json + backup_history.json
#   deploy/migrate.sh --verify-migration --from DIR   compare the import with the two files
# The service must be running (deploy/run-local.sh, or a cluster with BACKUP_DB set): the import
# goes through its grains. Every BACKUP_* variable applies (e.g. BACKUP_GATEWAY_PORT). See the
# README's "Migration" section for the field mapping and the exit codes.
set -euo pipefail
cd "$(dirname "$0")/.."

config=${BACKUP_BUILD_CONFIGURATION:-Release}
silo_dll="Silo/bin/$config/net10.0/OrleansBackup.Silo.dll"
if [[ "${BACKUP_SKIP_BUILD:-}" != 1 || ! -f "$silo_dll" ]]; then
  dotnet build Silo/Silo.csproj -c "$config" -nologo -v quiet -clp:ErrorsOnly >&2
fi
exec dotnet "$silo_dll" migrate "$@"
