#!/usr/bin/env bash
# Lean-host benchmark: starts the real host on the embedded default (a fresh SQLite file in a temp folder) RUNS times
# (default 5) and prints, per run, the time from process start to the first 200 from /readyz (migrated, scheduler
# started) and the resident set size (VmRSS) after IDLE seconds (default 10) of idling, then the medians.
# Usage: scripts/bench-startup.sh [runs] [idle-seconds]   (HOST_DLL overrides the host build to measure)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-10}
dll=${HOST_DLL:-src/StatusBot.Host/bin/Release/net10.0/StatusBot.Host.dll}
if [[ -z "${HOST_DLL:-}" ]]; then
  dotnet build src/StatusBot.Host -c Release -v quiet -nologo >/dev/null
fi
dll=$(realpath "$dll")
port=$((20000 + RANDOM % 20000))
ready_ms=()
rss_kib=()
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  ( cd "$dir" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$dir/log" 2>&1 ) &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/log"; exit 1; fi
    sleep 0.01
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$idle"
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  echo "run $run: ready ${ready} ms, idle RSS $((rss / 1024)) MiB (load average $(cut -d' ' -f1 /proc/loadavg))"
  ready_ms+=("$ready"); rss_kib+=("$rss")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median over $runs runs: ready $(median "${ready_ms[@]}") ms, idle RSS $(( $(median "${rss_kib[@]}") / 1024 )) MiB"
