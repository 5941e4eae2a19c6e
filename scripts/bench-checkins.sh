#!/usr/bin/env bash
# Check-in benchmark: opens one week's cycles for 1,000 teams / 10,000 members and drains every prompt
# through a stub platform, on SQLite and (when STATUSBOT_TEST_POSTGRES is set) PostgreSQL.
# Extra arguments go to the driver, e.g.: scripts/bench-checkins.sh --teams 100 --members 10 --stores sqlite
# (--enqueue-only true --rounds 5: five timed rounds of the open alone, one line each).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/StatusBot.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll checkins "$@"
