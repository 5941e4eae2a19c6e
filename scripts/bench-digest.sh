#!/usr/bin/env bash
# Digest build time (200 teams, 2,000 people, 2,000 dependencies, 52 weeks; SQLite and PostgreSQL) and slip
# propagation time at 1,000 / 10,000 / 100,000 edges. PostgreSQL: STATUSBOT_TEST_POSTGRES must point at a server
# (as for the store tests). Extra arguments go to BenchmarkDotNet, e.g. --filter '*SlipPropagation*'.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STATUSBOT_TEST_POSTGRES:?set STATUSBOT_TEST_POSTGRES to a PostgreSQL connection string (see scripts/test.sh)}"
filter=("$@")
if [ ${#filter[@]} -eq 0 ]; then
  filter=(--filter '*DigestBuildBenchmark*' '*SlipPropagationBenchmark*')
fi
dotnet run -c Release --project tests/StatusBot.Benchmarks -- digest "${filter[@]}" --artifacts artifacts/bench-digest
echo "Reports: artifacts/bench-digest/results/"
