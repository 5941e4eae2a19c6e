#!/usr/bin/env bash
# Hostile-input fuzzing of every inbound endpoint (tests/StatusBot.Host.Tests/Security/EndpointFuzzTests):
# Slack commands, interactions and events; Teams /api/messages; the playground API; the dashboard; the OAuth
# callback. COUNT unauthenticated requests per endpoint (plus COUNT/5 signed ones for each Slack endpoint); no 5xx,
# no exception logged, no unauthenticated request changes the store. The suite runs the same test with 1,000.
# Replay a failure with the seed it prints: FUZZ_SEED=<seed> scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-10000}
report=$(mktemp)
trap 'rm -f "$report"' EXIT

dotnet build -c Release tests/StatusBot.Host.Tests -v quiet -nologo -clp:ErrorsOnly
STATUSBOT_FUZZ_COUNT=$COUNT STATUSBOT_FUZZ_REPORT=$report STATUSBOT_FUZZ_SEED=${FUZZ_SEED:-} \
  dotnet test tests/StatusBot.Host.Tests -c Release --no-build --filter "FullyQualifiedName~EndpointFuzzTests" \
  | grep -E "Passed!|Failed!|Error Message|seed|#[0-9]+ " || true
echo "== figures"
cat "$report"
