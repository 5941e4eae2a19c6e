#!/usr/bin/env bash
# Lean-host benchmark: starts the real host on the embedded default (a fresh SQLite file in a temp folder) RUNS times
# (default 5) per variant and prints, per run, the time from process start to the first 200 from /readyz (migrated,
# scheduler started), the CPU time the process used until then (user + system, from /proc/PID/stat: far less
# sensitive to other load on the machine than the wall time), the resident set size (VmRSS) and thread count after
# IDLE seconds (default 10) of idling, and the CPU the idle process burnt in that window; then the medians per variant.
#
# Variants, run alternately so each sees the same machine:
#   build        the Release build output (what `dotnet run -c Release` starts)
#   publish-r2r  `dotnet publish -r linux-x64 --self-contained false -p:PublishReadyToRun=true` (the host's and its
#                packages' code precompiled; the framework already is)
#   r2r-tc0      the same with DOTNET_TieredCompilation=0 (no tier-0 code and no background re-JIT)
#   floor        a bare slim ASP.NET Core app with one endpoint (scripts/startup-floor, built here with the host's start-up
#                settings; no database): what any ASP.NET Core host costs on this machine, so the target, the platform's
#                floor and the host come from one run. Always added (next to HOST_DLL too); FLOOR=0 leaves it out.
#   floor-aot    the same app compiled ahead of time (Native AOT: no JIT, no assemblies to load), added when clang is on
#                PATH (Debian's package clang; the Native AOT linker needs it): what start-up costs without the JIT. The
#                host itself cannot be built so: Dapper emits IL at run time and Hangfire is not made for trimming.
# BASE_DLL=path adds a variant "base" (e.g. main's build, for a before/after in the same window); OTHER_DLLS="name=path …"
# adds more builds (e.g. one per measure, to say what each bought).
# HOST_DLL=path measures only that build (variant "given"), next to BASE_DLL if set. Extra variants: EXTRA_VARIANTS="name=VAR=value[,VAR=value] …",
# each run on the publish-r2r build (on HOST_DLL's when given), e.g. EXTRA_VARIANTS="ws=DOTNET_gcServer=0 nowx=DOTNET_EnableWriteXorExecute=0".
# Each run also splits the idle RSS by kind (from /proc/PID/smaps): managed code mapped from the assemblies' files
# ("dll"), native libraries ("so": coreclr, the JIT, ICU, e_sqlite3), JIT-compiled code and stubs (the runtime's
# double-mapped executable memory, "jit"), and the rest ("heap": GC heap, type data, malloc arenas, stacks).
# An environment setting that cannot live in runtimeconfig.json is measured the same way, e.g.
# EXTRA_VARIANTS="arena2=MALLOC_ARENA_MAX=2" (glibc's malloc arenas: one per thread that allocates concurrently).
# RESTART=1 measures the common restart instead of a first start: each variant keeps its database between runs (one
# unmeasured start creates and migrates it first), so every measured start finds the schema current.
# Usage: scripts/bench-startup.sh [runs] [idle-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-10}
ticks=$(getconf CLK_TCK)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

labels=(); dlls=(); envs=()
add_variant() { labels+=("$1"); dlls+=("$(realpath "$2")"); envs+=("$3"); }
if [[ -n "${BASE_DLL:-}" ]]; then
  add_variant base "$BASE_DLL" ""
fi
for other in ${OTHER_DLLS:-}; do
  add_variant "${other%%=*}" "${other#*=}" ""
done
if [[ -n "${HOST_DLL:-}" ]]; then
  add_variant given "$HOST_DLL" ""
  extras_dll=$HOST_DLL
else
  dotnet build src/StatusBot.Host -c Release -v quiet -nologo >/dev/null
  dotnet publish src/StatusBot.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -v quiet -nologo -o "$work/r2r" >/dev/null
  add_variant build src/StatusBot.Host/bin/Release/net10.0/StatusBot.Host.dll ""
  add_variant publish-r2r "$work/r2r/StatusBot.Host.dll" ""
  add_variant r2r-tc0 "$work/r2r/StatusBot.Host.dll" "DOTNET_TieredCompilation=0"
  extras_dll=$work/r2r/StatusBot.Host.dll
fi
if [[ "${FLOOR:-1}" == 1 ]]; then
  dotnet build scripts/startup-floor -c Release -v quiet -nologo -o "$work/floor" >/dev/null
  add_variant floor "$work/floor/StartupFloor.dll" ""
  if command -v clang >/dev/null; then
    dotnet publish scripts/startup-floor -c Release -r linux-x64 -p:PublishAot=true -v quiet -nologo -o "$work/floor-aot" >/dev/null
    add_variant floor-aot "$work/floor-aot/StartupFloor" ""
  fi
fi
for extra in ${EXTRA_VARIANTS:-}; do
  add_variant "${extra%%=*}" "$extras_dll" "${extra#*=}"
done

rss_split() { # pid: prints "dll so jit heap" in KiB, the resident pages of each kind of mapping
  awk '/^[0-9a-f]+-[0-9a-f]+ / {kind = "heap"; if ($6 ~ /\.dll$/) kind = "dll"; else if ($6 ~ /\.so(\.[0-9]+)*$/) kind = "so"; else if ($6 ~ /doublemapper/) kind = "jit"}
       /^Rss:/ {k[kind] += $2}
       END {printf "%d %d %d %d\n", k["dll"], k["so"], k["jit"], k["heap"]}' "/proc/$1/smaps"
}
cpu_ms() { awk -v t="$ticks" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }
declare -A ready_ms cpu_until rss_kib threads idle_cpu split_dll split_so split_jit split_heap
free_port() { # a port nothing listens on now (a random one collided with another run's now and then)
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}
start_host() { # index port dir: starts variant index on port in dir, sets pid
  # shellcheck disable=SC2086 # the variant's environment assignments are meant to split
  local run=(dotnet "${dlls[$1]}")
  [[ "${dlls[$1]}" == *.dll ]] || run=("${dlls[$1]}") # a natively compiled variant starts by itself
  ( cd "$3" && exec env ${envs[$1]//,/ } "${run[@]}" --urls "http://127.0.0.1:$2" >"$3/log" 2>&1 ) &
  pid=$!
  pids=("$pid")
}
wait_ready() { # port dir
  until curl -fs -o /dev/null "http://127.0.0.1:$1/readyz"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$2/log"; exit 1; fi
    sleep 0.01
  done
}
if [[ "${RESTART:-0}" == 1 ]]; then
  for i in "${!labels[@]}"; do
    dir="$work/run-$i"
    mkdir -p "$dir"
    port=$(free_port)
    start_host "$i" "$port" "$dir"
    wait_ready "$port" "$dir"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    pids=()
  done
fi
for run in $(seq 1 "$runs"); do
  for i in "${!labels[@]}"; do
    if [[ "${RESTART:-0}" == 1 ]]; then dir="$work/run-$i"; else dir="$work/run"; fi
    mkdir -p "$dir"
    port=$(free_port)
    start=$(date +%s%N)
    start_host "$i" "$port" "$dir"
    wait_ready "$port" "$dir"
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    cpu=$(cpu_ms "$pid")
    sleep "$idle"
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    thr=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
    read -r dll_kib so_kib jit_kib heap_kib < <(rss_split "$pid")
    idled=$(( $(cpu_ms "$pid") - cpu ))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    pids=()
    if [[ "${RESTART:-0}" != 1 ]]; then rm -rf "$dir"; fi
    label=${labels[$i]}
    printf 'run %d %-12s ready %5d ms, CPU until ready %5d ms, idle RSS %4d MiB (dll %d, so %d, jit %d, heap %d), %3d threads, idle CPU %4d ms in %ss (load average %s)\n' \
      "$run" "$label" "$ready" "$cpu" $((rss / 1024)) $((dll_kib / 1024)) $((so_kib / 1024)) $((jit_kib / 1024)) $((heap_kib / 1024)) \
      "$thr" "$idled" "$idle" "$(cut -d' ' -f1 /proc/loadavg)"
    split_dll[$label]+="$((dll_kib / 1024)) "; split_so[$label]+="$((so_kib / 1024)) "; split_jit[$label]+="$((jit_kib / 1024)) "; split_heap[$label]+="$((heap_kib / 1024)) "
    ready_ms[$label]+="$ready "; cpu_until[$label]+="$cpu "; rss_kib[$label]+="$rss "; threads[$label]+="$thr "; idle_cpu[$label]+="$idled "
  done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { printf '%s\n' $1 | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "–" hi}'; }
echo
echo "medians over $runs $([[ "${RESTART:-0}" == 1 ]] && echo restarts || echo "first starts") (range), load average now $(cut -d' ' -f1-3 /proc/loadavg):"
printf '%-12s | %-18s | %-22s | %-16s | %-7s | %s\n' variant "ready ms" "CPU until ready ms" "idle RSS MiB" threads "idle CPU ms/${idle}s"
for label in "${labels[@]}"; do
  rss_mib=$(printf '%s\n' ${rss_kib[$label]} | awk '{printf "%d ", $1 / 1024}')
  printf '%-12s | %5s (%s) | %5s (%s) | %3s (%s) | %7s | %s\n' "$label" \
    "$(median "${ready_ms[$label]}")" "$(range "${ready_ms[$label]}")" \
    "$(median "${cpu_until[$label]}")" "$(range "${cpu_until[$label]}")" \
    "$(median "$rss_mib")" "$(range "$rss_mib")" \
    "$(median "${threads[$label]}")" "$(median "${idle_cpu[$label]}")"
done
echo
echo "idle RSS by kind, medians in MiB (dll: assemblies mapped; so: native libraries; jit: JIT-compiled code; heap: GC heap, type data, malloc, stacks):"
printf '%-12s | %5s | %5s | %5s | %5s\n' variant dll so jit heap
for label in "${labels[@]}"; do
  printf '%-12s | %5s | %5s | %5s | %5s\n' "$label" "$(median "${split_dll[$label]}")" "$(median "${split_so[$label]}")" \
    "$(median "${split_jit[$label]}")" "$(median "${split_heap[$label]}")"
done
