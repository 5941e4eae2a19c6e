#!/usr/bin/env bash
# Team-size benchmarks through the real host's playground API on the embedded default (SQLite):
#   answers: one DM answer end to end (parse, store, confirmation) in a team of 10, 1,000 and 10,000 members;
#   summary: /statusbot status and the program digest with 90 % answered at 1,000, 10,000 and 100,000 members.
# Extra arguments go to both drivers, e.g.: scripts/bench-answers.sh --store postgres (needs STATUSBOT_TEST_POSTGRES)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/StatusBot.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll answers "$@"
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll summary "$@"
