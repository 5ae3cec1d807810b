#!/usr/bin/env bash
# Runs every test: builds the solution (warnings are errors), then the whole xunit suite:
# engine unit tests, 2-silo cluster tests (Orleans TestingHost), API tests and end-to-end tests
# with real silo and Api processes. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh

dotnet build Orleans.Backup.sln -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet test tests/OrleansBackup.Tests/OrleansBackup.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --results-directory TestResults "$@"
