#!/usr/bin/env bash
# Installs what the tests and benchmarks need that a fresh machine may lack (Debian packages).
# Idempotent; a missing component is an error, never a silent skip.
set -euo pipefail
need=()
command -v rsync >/dev/null || need+=(rsync)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
