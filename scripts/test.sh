#!/usr/bin/env bash
# Builds and runs every test. Starts a throwaway PostgreSQL cluster on a free loopback port when
# STATUSBOT_TEST_POSTGRES is unset and PostgreSQL's server binaries are installed, and removes it on exit.
# The last line is the totals: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

pg_dir=""
pg_ctl_bin=""
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  if [[ -n "$pg_dir" ]]; then
    as_pg "$pg_ctl_bin" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT INT TERM

start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    return 1
  fi
  pg_ctl_bin="$bindir/pg_ctl"
  pg_dir=$(mktemp -d /tmp/statusbot-pg.XXXXXX)
  chmod 755 "$pg_dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$pg_dir"; fi
  as_pg "$bindir/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync -E UTF8 >"$pg_dir/initdb.log" 2>&1 || {
    cat "$pg_dir/initdb.log"; return 1; }
  local port attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 20000))
    if as_pg "$pg_ctl_bin" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 start \
        -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000" \
        >/dev/null 2>&1; then
      export STATUSBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=40"
      echo "Started a throwaway PostgreSQL ($("$bindir/postgres" --version)) on 127.0.0.1:$port"
      return 0
    fi
  done
  cat "$pg_dir/server.log"
  return 1
}

if [[ -z "${STATUSBOT_TEST_POSTGRES:-}" ]]; then
  start_postgres || echo "Could not start PostgreSQL."
fi
if [[ -z "${STATUSBOT_TEST_POSTGRES:-}" ]]; then
  if [[ "${STATUSBOT_REQUIRE_POSTGRES:-}" == "1" ]]; then
    echo "PostgreSQL is required (STATUSBOT_REQUIRE_POSTGRES=1) but not available: the PostgreSQL tests will fail."
  else
    echo "PostgreSQL not available: the PostgreSQL tests are reported as SKIPPED."
  fi
fi

log=$(mktemp /tmp/statusbot-test.XXXXXX.log)
if ! dotnet build StatusBot.sln -c Release -nologo -clp:ErrorsOnly 2>&1 | tee "$log"; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test StatusBot.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13 ...".
read -r passed failed skipped < <(grep -E '^\s*(Passed|Failed)!' "$log" | awk '
  { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { print p + 0, f + 0, s + 0 }')
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
if [[ $skipped -gt 0 ]]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $status -eq 0 && $failed -eq 0 ]]
