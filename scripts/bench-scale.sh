#!/usr/bin/env bash
# Scale run: several host processes on one PostgreSQL database send a week's prompts for many installed Slack workspaces
# through the fake Slack enforcing per-workspace and per-channel chat.postMessage limits. Prints achieved ÷ allowed rate,
# lost, duplicated and each instance's share, and the send phase's CPU per prompt (slot to last prompt) of the hosts, of
# PostgreSQL (when it runs on this machine and its processes' /proc is readable) and of the fake Slack with the driver;
# where pg_stat_statements is installed (in the public schema), also the send phase's statements by total time per prompt.
# Exits 1 when a prompt was lost or duplicated.
# Needs STATUSBOT_TEST_POSTGRES. Default: 200 workspaces × 500 members (100,000 prompts), 3 instances. Extra arguments
# go to the driver, e.g.: --workspaces 50 --members 200 --instances 2; --queued 1 queues every prompt before the hosts start
# (the outbox alone, not the opening of the rounds); --warmup N (default 20) first sends each workspace N messages to
# people the run does not count, so the hosts are warm as long-running ones are (--warmup 0: fresh hosts); host settings
# pass through, e.g. --Outbox:Workspaces 64, or --Scheduling:OpenAhead 00:01:00 (the rounds opened a minute before the
# slot, their prompts due at it: the README's figure for hosts opening the rounds). Prints the pauses over 0.3 s by 10-second window (a cold start shows there).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STATUSBOT_TEST_POSTGRES:?set STATUSBOT_TEST_POSTGRES to a PostgreSQL connection string}"
dotnet build tests/StatusBot.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll scale "$@"
