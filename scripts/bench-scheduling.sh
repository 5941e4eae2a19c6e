#!/usr/bin/env bash
# Scheduling benchmark: slot lateness (due time → cycle opened) over 200 slots, three host instances sharing one
# PostgreSQL database (STATUSBOT_TEST_POSTGRES), the scheduler's default polling. Prints p50 / p99 / max; exits 1 when
# p99 is above 2 s or a slot did not open. Extra arguments go to the driver, e.g.: --slots 400 --spacing-ms 100
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/StatusBot.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll scheduling "$@"
