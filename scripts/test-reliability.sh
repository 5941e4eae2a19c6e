#!/usr/bin/env bash
# The reliability proofs, including the multi-instance test that ordinary test runs skip (not yet stable):
#   CrashTests    SIGKILLs the real host twice during a 1,000-member fan-out and 1,000 answers (SQLite and PostgreSQL)
#   ClusterTests  three host processes on one PostgreSQL run a week for 50 teams, one SIGKILLed mid-cycle
# Needs PostgreSQL: set STATUSBOT_TEST_POSTGRES, or have PostgreSQL's server binaries installed (scripts/test.sh starts one).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/StatusBot.Slack.Tests -c Release -nologo -clp:ErrorsOnly
STATUSBOT_LONG_TESTS=1 STATUSBOT_REQUIRE_POSTGRES=1 dotnet test tests/StatusBot.Slack.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Reliability" --logger "console;verbosity=detailed"
