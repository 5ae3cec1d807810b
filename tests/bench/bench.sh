#!/usr/bin/env bash
# Benchmark of Orleans.Backup against cp -a and rsync -a (not a test; nothing here asserts targets).
#
# Usage:
#   tests/bench/bench.sh [--small-files N] [--dirs N] [--large-files N] [--large-size-mb N]
#                        [--max-workers N] [--repeat N] [--root DIR] [--keep] [--no-build]
#                        [--only small|large] [--dispatch parallel|sequential|""]
#                        [--port N] [--silo-port N] [--gateway-port N] [--no-service]
#
#   --small-files N    files of 1-64 KiB (random content) in the small-file tree (default 5000)
#   --dirs N           directories they are spread over, two levels deep (default 250)
#   --large-files N    large files (default 4)
#   --large-size-mb N  size of each large file in MiB (default 256)
#   --max-workers N    BACKUP_MAX_WORKERS of the silo (default 4)
#   --repeat N         measurements of each tool/mode; the table shows medians (default 3)
#   --root DIR         bench root (default /tmp/obk-bench-<timestamp>); must not exist yet
#   --keep             keep the data and copies (default: delete the root at the end, keeping
#                      nothing but results.md / runs.tsv / logs, which are printed anyway)
#   --no-build         skip `dotnet build -c Release`
#   --only small|large run one data set only
#   --dispatch X       job option "dispatch" (default parallel; "" = the service's default)
#   --port/--silo-port/--gateway-port   Api / silo / gateway ports (default 18888 / 21111 / 40000)
#   --no-service       only cp and rsync (no build, no silo/Api): to check the tool side alone
#
# What it does, in one run on the same data:
#   1. generates <root>/data/small (thousands of 1-64 KiB files in hundreds of directories) and
#      <root>/data/large (a few large files), random content;
#   2. builds the solution, starts a silo and the Api (127.0.0.1, ports above, logs in <root>/logs);
#   3. for each data set, after one untimed warm-up `cp -a`, --repeat times, interleaved, each into a FRESH destination directory:
#        fsync mode:   rsync -a --fsync | cp -a + sync | orleans-backup durability=fsync
#        relaxed mode: rsync -a         | cp -a        | orleans-backup durability=relaxed
#      each initial copy is followed by a no-change rerun on the same destination (rsync and the
#      service; cp has no incremental mode). The service is timed from just before
#      POST /api/jobs/{id}/control {"action":"start"} until GET /api/jobs/{id} reports a terminal
#      state (polled every 20 ms); anything but "Completed" (and filesCopied 0 on a rerun) fails.
#      Before every timed step: `sync` (untimed, so earlier dirty pages are not charged to the next
#      tool) and the source (and destination metadata) are read into the page cache.
#   4. verifies every copy (paths, sizes, content, mode, mtime; untimed);
#   5. prints the table (medians, ratios service/tool, MB/s for large files) and writes it to
#      <root>/results.md; raw measurements in <root>/runs.tsv.
#
# Nothing is deleted between measurements (creating files right after deleting many is slow on
# this kind of machine); the root is removed only at the very end (unless --keep).
# Needs: dotnet 10 SDK, python3; installs rsync with apt-get when missing.
set -euo pipefail

SMALL_FILES=5000 DIRS=250 LARGE_FILES=4 LARGE_MB=256 MAX_WORKERS=4 REPEAT=3
ROOT="" KEEP=0 BUILD=1 ONLY="" DISPATCH=parallel SERVICE=1
API_PORT=18888 SILO_PORT=21111 GATEWAY_PORT=40000

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
need() { [[ $# -ge 2 && -n "$2" || "$1" == --dispatch ]] || { echo "bench: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --small-files) need "$@"; SMALL_FILES=$2; shift 2 ;;
    --dirs) need "$@"; DIRS=$2; shift 2 ;;
    --large-files) need "$@"; LARGE_FILES=$2; shift 2 ;;
    --large-size-mb) need "$@"; LARGE_MB=$2; shift 2 ;;
    --max-workers) need "$@"; MAX_WORKERS=$2; shift 2 ;;
    --repeat) need "$@"; REPEAT=$2; shift 2 ;;
    --root) need "$@"; ROOT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --no-service) SERVICE=0; BUILD=0; shift ;;
    --only) need "$@"; ONLY=$2; shift 2 ;;
    --dispatch) need "$@"; DISPATCH=${2-}; shift 2 ;;
    --port) need "$@"; API_PORT=$2; shift 2 ;;
    --silo-port) need "$@"; SILO_PORT=$2; shift 2 ;;
    --gateway-port) need "$@"; GATEWAY_PORT=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench: unknown option $1" >&2; usage 2 ;;
  esac
done
for v in SMALL_FILES DIRS LARGE_FILES LARGE_MB MAX_WORKERS REPEAT API_PORT SILO_PORT GATEWAY_PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "bench: $v must be a whole number, got '${!v}'" >&2; exit 2; }
done
(( REPEAT >= 1 && DIRS >= 1 )) || { echo "bench: --repeat and --dirs must be >= 1" >&2; exit 2; }
case "$ONLY" in ""|small|large) ;; *) echo "bench: --only small|large" >&2; exit 2 ;; esac

REPO=$(cd "$(dirname "$0")/../.." && pwd)
LIB="$REPO/tests/bench/benchlib.py"
ROOT=${ROOT:-/tmp/obk-bench-$(date +%Y%m%d-%H%M%S)}
[[ ! -e "$ROOT" ]] || { echo "bench: $ROOT exists; choose a fresh --root" >&2; exit 2; }
mkdir -p "$ROOT"/{data,dst,logs}
ROOT=$(cd "$ROOT" && pwd -P)
RUNS="$ROOT/runs.tsv"
: > "$RUNS"
log() { echo "bench: $*" >&2; }

# ---- tools -----------------------------------------------------------------------------------
for t in python3 cp sync; do
  command -v "$t" >/dev/null || { echo "bench: $t is required" >&2; exit 2; }
done
if ! command -v rsync >/dev/null; then
  log "installing rsync"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get install -y -qq rsync >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq rsync; }
fi
[[ $(rsync --help 2>&1) == *--fsync* ]] || { echo "bench: this rsync has no --fsync (needs rsync >= 3.2.4)" >&2; exit 2; }

# ---- service lifecycle -------------------------------------------------------------------------
SILO_PID="" API_PID=""
cleanup() {
  local rc=$?
  for p in $API_PID $SILO_PID; do
    if kill -0 "$p" 2>/dev/null; then kill "$p" 2>/dev/null || true; fi
  done
  for p in $API_PID $SILO_PID; do wait "$p" 2>/dev/null || true; done
  if (( rc != 0 )); then
    log "FAILED (exit $rc); data and logs kept in $ROOT"
  elif (( KEEP == 0 )); then
    rm -rf "$ROOT/data" "$ROOT/dst"
    log "deleted the data; results in $ROOT/results.md"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if (( BUILD )); then
  log "building (Release)"
  (cd "$REPO" && dotnet build Orleans.Backup.sln -c Release -nologo -v quiet -clp:ErrorsOnly >"$ROOT/logs/build.out" 2>&1) \
    || { cat "$ROOT/logs/build.out" >&2; exit 1; }
fi
SILO_DLL="$REPO/Silo/bin/Release/net10.0/OrleansBackup.Silo.dll"
API_DLL="$REPO/Api/bin/Release/net10.0/OrleansBackup.Api.dll"
(( SERVICE == 0 )) || [[ -f $SILO_DLL && -f $API_DLL ]] || { echo "bench: build output missing ($SILO_DLL, $API_DLL)" >&2; exit 1; }

start_service() {
  export BACKUP_PORT=$API_PORT BACKUP_SILO_PORT=$SILO_PORT BACKUP_GATEWAY_PORT=$GATEWAY_PORT \
         BACKUP_DASHBOARD_PORT=0 BACKUP_ALLOWED_ROOTS=$ROOT BACKUP_MAX_WORKERS=$MAX_WORKERS \
         BACKUP_LOG_DIR=$ROOT/logs
  for port in "$API_PORT" "$SILO_PORT" "$GATEWAY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "bench: port $port is in use; choose others with --port/--silo-port/--gateway-port" >&2; exit 2
    fi
  done
  (cd "$ROOT" && exec dotnet "$SILO_DLL" >"$ROOT/logs/silo.out" 2>&1) &
  SILO_PID=$!
  (cd "$ROOT" && exec dotnet "$API_DLL" >"$ROOT/logs/api.out" 2>&1) &
  API_PID=$!
  log "silo pid $SILO_PID, api pid $API_PID; waiting for GET /api/status = 200"
  API_KIND=$(python3 "$LIB" wait-api --port "$API_PORT" --timeout 180 "$SILO_PID" "$API_PID") || {
    tail -n 30 "$ROOT/logs/silo.out" "$ROOT/logs/api.out" >&2; exit 1; }
  log "service up (API: $([[ $API_KIND == jobs ]] && echo '/api/jobs' || echo 'seed endpoints /api/select + /api/control'))"
}

# ---- helpers -----------------------------------------------------------------------------------
warm() {  # flush earlier writes (untimed), then read the source (and existing copy) into the cache
  sync
  find "$1" -type f -print0 | xargs -0 -r cat >/dev/null
  if [[ -n ${2-} && -e $2 ]]; then find "$2" >/dev/null; fi
}
timed() {  # dataset mode tool phase repeat cmd
  python3 "$LIB" timecmd --out "$RUNS" --dataset "$1" --mode "$2" --tool "$3" --phase "$4" \
    --repeat "$5" --bytes "$BYTES" --cmd "$6"
}
verify() { python3 "$LIB" verify "$1" "$2"; }
q() { printf '%q' "$1"; }

run_rsync() {  # ds mode tool r  (rsync with --fsync in fsync mode)
  local ds=$1 mode=$2 tool=$3 r=$4 src="$ROOT/data/$1" dst="$ROOT/dst/$3-$1-r$4" extra=""
  [[ $mode == fsync ]] && extra="--fsync"
  warm "$src"
  timed "$ds" "$mode" "$tool" initial "$r" "rsync -a $extra $(q "$src/") $(q "$dst/")"
  warm "$src" "$dst"
  timed "$ds" "$mode" "$tool" rerun "$r" "rsync -a $extra $(q "$src/") $(q "$dst/")"
  verify "$src" "$dst"
}
run_cp() {  # ds mode tool r  (cp -a, followed by sync in fsync mode)
  local ds=$1 mode=$2 tool=$3 r=$4 src="$ROOT/data/$1" dst="$ROOT/dst/$3-$1-r$4" extra=""
  [[ $mode == fsync ]] && extra=" && sync"
  warm "$src"
  timed "$ds" "$mode" "$tool" initial "$r" "cp -a $(q "$src") $(q "$dst")$extra"
  verify "$src" "$dst"
}
run_service() {  # ds mode r
  local ds=$1 mode=$2 r=$3 src="$ROOT/data/$1" job="bench-$1-$2-r$3"
  local dst="$ROOT/dst/svc-$1-$2-r$3"
  [[ $API_KIND == jobs ]] || job=default
  mkdir -p "$dst"
  local common=(--port "$API_PORT" --api-kind "$API_KIND" --job "$job" --src "$src" --dest "$dst"
                --durability "$mode" --dispatch "$DISPATCH" --out "$RUNS" --dataset "$ds" --mode "$mode"
                --repeat "$r" --bytes "$BYTES")
  warm "$src"
  python3 "$LIB" service "${common[@]}" --phase initial --expect-files "$FILES"
  warm "$src" "$dst"
  python3 "$LIB" service "${common[@]}" --phase rerun
  verify "$src" "$dst/$job/current/$ds"
}

# ---- run ---------------------------------------------------------------------------------------
log "root $ROOT"
log "generating data"
python3 "$LIB" gen --root "$ROOT" --small-files "$SMALL_FILES" --dirs "$DIRS" \
  --large-files "$LARGE_FILES" --large-size-mb "$LARGE_MB"
sync

API_KIND=none
if (( SERVICE )); then start_service; fi

FS=$(df -T "$ROOT" | awk 'NR==2 {print $2 " on " $1}')
{
  echo "# Orleans.Backup benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r), $FS ($ROOT)"
  echo "- small files: $SMALL_FILES files of 1-64 KiB in $DIRS directories ($(python3 "$LIB" bytes "$ROOT/data/small") bytes)"
  echo "- large files: $LARGE_FILES x $LARGE_MB MiB"
  echo "- service: 1 silo, BACKUP_MAX_WORKERS=$MAX_WORKERS, dispatch=${DISPATCH:-default}; repeats: $REPEAT (medians)"
  echo "- tools: $(rsync --version | head -1 | sed 's/  */ /g'); $(cp --version | head -1); dotnet $(dotnet --version 2>/dev/null || echo '-')"
} > "$ROOT/header.md"

DATASETS=(small large)
[[ -z $ONLY ]] || DATASETS=("$ONLY")
for ds in "${DATASETS[@]}"; do
  if [[ $ds == large ]] && (( LARGE_FILES == 0 )); then continue; fi
  if [[ $ds == small ]] && (( SMALL_FILES == 0 )); then continue; fi
  BYTES=$(python3 "$LIB" bytes "$ROOT/data/$ds")
  FILES=$(find "$ROOT/data/$ds" -type f | wc -l)
  log "data set $ds: $FILES files, $BYTES bytes"
  # One untimed copy first: the first write of a run is often much slower (allocation, journal).
  warm "$ROOT/data/$ds"; cp -a "$ROOT/data/$ds" "$ROOT/dst/warmup-$ds"
  for ((r = 1; r <= REPEAT; r++)); do
    run_rsync "$ds" fsync rsync-fsync "$r"
    run_cp "$ds" fsync cp-sync "$r"
    if (( SERVICE )); then run_service "$ds" fsync "$r"; fi
    run_rsync "$ds" relaxed rsync "$r"
    run_cp "$ds" relaxed cp "$r"
    if (( SERVICE )); then run_service "$ds" relaxed "$r"; fi
  done
done

echo
python3 "$LIB" table --runs "$RUNS" --header "$ROOT/header.md" --md "$ROOT/results.md"
