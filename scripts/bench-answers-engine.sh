#!/usr/bin/env bash
# Signed Slack answers with all their engine work on PostgreSQL (tests/StatusBot.Benchmarks/Slack/AnswerEngineBenchmark.cs):
# view_submission answers (status, progress, next steps, two new blockers, one dependency ETA) signed like Slack signs,
# through the real host's /slack/interactions on the 200-team / 2,000-dependency program, 32 clients; in the same run a
# bare 200 endpoint and pgbench running one answer's statements in one transaction per answer
# (tests/StatusBot.Benchmarks/Slack/AnswerEngine.pgbench.sql). Prints acknowledged/s, stored/s, p50/p99, the load average.
# Needs STATUSBOT_TEST_POSTGRES; pgbench from PATH, $PGBENCH or /usr/lib/postgresql/15/bin.
# Arguments: [seconds=10] [clients=32] [weeks of history=52] (fewer weeks seed faster; 52 takes ~2 min to seed).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STATUSBOT_TEST_POSTGRES:?set STATUSBOT_TEST_POSTGRES to a PostgreSQL connection string}"
dotnet build -c Release tests/StatusBot.Benchmarks -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll slack-answers "${1:-10}" "${2:-32}" "${3:-52}"
