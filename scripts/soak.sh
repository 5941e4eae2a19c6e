#!/usr/bin/env bash
# The soak (tests/StatusBot.Benchmarks/Soak): the real host as a child process on loopback, a seeded program
# (5 installed Slack workspaces × 4 teams × 10 members, a ring of dependencies, the week's check-ins open through signed
# commands, prompts delivered to the fake Slack), then a fixed-rate mix for the duration: 40 % signed DM answers, 10 %
# signed modal answers, 25 % signed /statusbot commands, 25 % dashboard reads with a signed link. Every 10 s it prints
# the child's RSS, open handles, threads, the outbox's unsent rows, requests and errors; at the end each metric's
# least-squares slope after the warm-up and a verdict. Stops by itself; exit code 1 on any error or growth.
# PostgreSQL: set STATUSBOT_TEST_POSTGRES (a connection string; the soak works in a schema of its own).
#   scripts/soak.sh [--duration 10m] [--rate 50] [--store sqlite|postgres] [--warmup 5m (default: half the duration)] [--Section:Key value ...]
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10m rate=50 store=sqlite warmup=
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

dotnet build -c Release tests/StatusBot.Benchmarks -v quiet -nologo -clp:ErrorsOnly
echo "load average before: $(cat /proc/loadavg)"
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll soak \
  --duration "$duration" --rate "$rate" --store "$store" ${warmup:+--warmup "$warmup"} ${extra[@]+"${extra[@]}"}
