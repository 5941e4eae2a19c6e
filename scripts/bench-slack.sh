#!/usr/bin/env bash
# Slack adapter benchmarks (see tests/StatusBot.Benchmarks/Slack):
#  1. 10,000 check-in prompts drained through the fake Slack enforcing chat.postMessage limits:
#     achieved ÷ allowed rate, lost, duplicated.
#  2. Signed view_submission answers per second with p50/p99 acknowledgement latency on PostgreSQL (the answer row only;
#     scripts/bench-answers-engine.sh measures answers with all their engine work),
#     next to a bare 200-OK endpoint on the same host, and a pgbench insert of the same rows.
# Needs STATUSBOT_TEST_POSTGRES (a PostgreSQL connection string, e.g. the one scripts/test.sh starts).
set -euo pipefail
cd "$(dirname "$0")/.."

PROMPTS=${PROMPTS:-10000}
WORKSPACES=${WORKSPACES:-50}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CLIENTS=${CLIENTS:-32}
: "${STATUSBOT_TEST_POSTGRES:?set STATUSBOT_TEST_POSTGRES to a PostgreSQL connection string}"

dotnet build -c Release tests/StatusBot.Benchmarks -v quiet -nologo >/dev/null
bench="dotnet tests/StatusBot.Benchmarks/bin/Release/net10.0/StatusBot.Benchmarks.dll"

echo "== drain"
$bench slack-drain "$PROMPTS" "$WORKSPACES"

echo "== acknowledgements (${SECONDS_PER_RUN}s, ${CLIENTS} clients)"
$bench slack-acks "$SECONDS_PER_RUN" "$CLIENTS" full
$bench slack-acks "$SECONDS_PER_RUN" "$CLIENTS" noconfirmation
$bench slack-acks "$SECONDS_PER_RUN" "$CLIENTS" ackonly

if command -v pgbench >/dev/null; then
  # Host/port/user from the connection string; the same row as one answer, 8 clients.
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$STATUSBOT_TEST_POSTGRES")
  port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$STATUSBOT_TEST_POSTGRES")
  user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$STATUSBOT_TEST_POSTGRES")
  db=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$STATUSBOT_TEST_POSTGRES")
  table="bench_answers_$$"
  script=$(mktemp)
  trap 'psql -h "$host" -p "${port:-5432}" -U "$user" -d "${db:-postgres}" -qc "drop table if exists $table" >/dev/null 2>&1 || true; rm -f "$script"' EXIT
  psql -h "$host" -p "${port:-5432}" -U "$user" -d "${db:-postgres}" -qc \
    "create table $table (id bigserial primary key, person text not null, form_id text not null, answer text not null, received_at timestamptz not null)"
  echo "insert into $table (person, form_id, answer, received_at) values ('slack:T0001:U00000001', 'checkin:1', 'Shipped the importer; next the exporter.', now());" >"$script"
  echo "== pgbench: the same insert, 8 clients, ${SECONDS_PER_RUN}s"
  pgbench -h "$host" -p "${port:-5432}" -U "$user" -n -c 8 -j 2 -T "$SECONDS_PER_RUN" -f "$script" "${db:-postgres}" 2>/dev/null | grep -E "^(tps|latency)"
fi
