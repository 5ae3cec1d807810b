#!/usr/bin/env bash
# Runs every test: builds the solution (warnings are errors), starts a PostgreSQL server on
# 127.0.0.1 from the machine's binaries, then the whole xunit suite: engine and repository unit
# tests, 2-silo cluster tests (Orleans TestingHost), PostgreSQL provider tests, API tests and
# end-to-end tests with real silo and Api processes. The PostgreSQL server comes from the
# machine's binaries (tests/postgres.sh installs Debian's package only where they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/postgres.sh start
trap 'bash tests/postgres.sh stop >/dev/null 2>&1 || true' EXIT
eval "$(bash tests/postgres.sh env)"

dotnet build Orleans.Backup.sln -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test tests/OrleansBackup.Tests/OrleansBackup.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --results-directory TestResults "$@"
