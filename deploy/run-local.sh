#!/usr/bin/env bash
# Runs Orleans.Backup on one machine: builds, starts one silo, waits until its gateway listens, then
# starts the Api (http://127.0.0.1:${BACKUP_PORT:-8888}). SIGTERM, SIGINT or Ctrl-C stops both
# within 5 s and exits 0. Either process failing (bad configuration: 2; a port in use: 1, with one
# line naming the port) stops the other and exits with that process's code.
# Every BACKUP_* variable (see README) and every command-line option is passed through to both.
# Jobs, history and interrupted runs are kept in ./state (BACKUP_STATE_DIR) and survive a restart.
# BACKUP_SKIP_BUILD=1 uses the existing build output.
set -uo pipefail
cd "$(dirname "$0")/.."

config=${BACKUP_BUILD_CONFIGURATION:-Release}
if [[ "${BACKUP_SKIP_BUILD:-0}" != 1 ]]; then
  echo "Building ($config)..."
  dotnet build Orleans.Backup.sln -c "$config" -nologo -v quiet -clp:ErrorsOnly || exit 1
fi

silo_dll="Silo/bin/$config/net10.0/OrleansBackup.Silo.dll"
api_dll="Api/bin/$config/net10.0/OrleansBackup.Api.dll"
gateway_port=${BACKUP_GATEWAY_PORT:-30000}
for ((i = 1; i <= $#; i++)); do
  [[ "${!i}" == --gateway-port ]] && { j=$((i + 1)); gateway_port=${!j}; }
done

pids=()
# Stops whatever runs: SIGTERM, then SIGKILL for anything still alive after 4.5 s.
stop_all() {
  trap - INT TERM
  [[ ${#pids[@]} -gt 0 ]] || exit "${1:-0}"
  kill -TERM "${pids[@]}" 2>/dev/null
  for _ in $(seq 45); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
  exit "${1:-0}"
}
trap 'stop_all 0' INT TERM

dotnet "$silo_dll" serve "$@" &
silo_pid=$!
pids+=("$silo_pid")

# The Api would wait for the cluster anyway; starting it only once the silo's gateway listens
# means a silo that cannot start (port in use, bad configuration) is the only thing that speaks.
until (exec 3<>"/dev/tcp/127.0.0.1/$gateway_port") 2>/dev/null; do
  if ! kill -0 "$silo_pid" 2>/dev/null; then
    wait "$silo_pid"; exit $?
  fi
  sleep 0.2 & wait $!
done

dotnet "$api_dll" "$@" &
pids+=("$!")

# Whichever ends first (a crash, or the other's failure) ends the script with its code.
wait -n "${pids[@]}"
code=$?
stop_all "$code"
