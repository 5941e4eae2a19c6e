#!/usr/bin/env bash
# The reliability proofs alone, with their reports (duplicates and their bound, faults injected, refused posts) printed.
# Both also run in the ordinary suite (scripts/test.sh); this is for running them again and again, e.g. under load:
#   CrashTests    SIGKILLs the real host twice during a 1,000-member fan-out and 1,000 answers (SQLite and PostgreSQL)
#   ClusterTests  three host processes on one PostgreSQL run a week for 50 teams, one SIGKILLed mid-cycle (about 2.5 min)
# Needs PostgreSQL: set STATUSBOT_TEST_POSTGRES, or have PostgreSQL's server binaries installed (scripts/test.sh starts one).
# The hosts' logs of the last ClusterTests run are left in /tmp/statusbot-cluster-node-{1,2,3}.log.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/StatusBot.Slack.Tests -c Release -nologo -clp:ErrorsOnly
STATUSBOT_REQUIRE_POSTGRES=1 dotnet test tests/StatusBot.Slack.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Reliability" --logger "console;verbosity=detailed"
