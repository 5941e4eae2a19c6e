#!/usr/bin/env bash
# Reply latency: how long a person waits for the bot's reply to a DM. The real host on the embedded default (SQLite), the
# fake Slack; COUNT signed DM events (default 100), one at a time at random moments, each from a person the bot knows, in
# their own DM channel; prints p50/p90/p99/max from the event's POST to the reply's chat.postMessage at the fake (the
# reply is queued by the inbound worker and sent by the outbox). The first tenth is not counted (start-up JIT).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/StatusBot.Benchmarks -c Release -v quiet -nologo >/dev/null
dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll slack-replies "${1:-100}"
