#!/usr/bin/env bash
# Server time of the program dashboard for a 200-team program, on SQLite and (with STATUSBOT_TEST_POSTGRES) PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/StatusBot.Benchmarks -- dashboard "$@"
