#!/usr/bin/env bash
# Teams delivery benchmark (see tests/StatusBot.Benchmarks/Teams): PROMPTS proactive check-in prompts (default
# 10,000, 1:1 messages to distinct people of one tenant, each through its stored conversation reference) drained
# through the real outbox drainer and Teams adapter to the fake Bot Connector, which enforces Teams' published limits
# (50 requests per second per app per tenant is the binding one: 10,000 prompts take about 3.5 minutes).
# Prints achieved ÷ allowed rate, lost, duplicated, and the 429s the fake sent.
# STORE=postgres (with STATUSBOT_TEST_POSTGRES set) drains from PostgreSQL; WORKERS=N runs N drainers, as N instances
# would (on PostgreSQL; the send lease lets one at a time send for the tenant).
set -euo pipefail
cd "$(dirname "$0")/.."

PROMPTS=${PROMPTS:-10000}
STORE=${STORE:-sqlite}
WORKERS=${WORKERS:-1}

dotnet build -c Release tests/StatusBot.Benchmarks -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll teams-drain --prompts "$PROMPTS" --store "$STORE" --workers "$WORKERS"
