#!/usr/bin/env bash
# Reproducible benchmark of Zhenxing against the DuckDB peer on 1,000,000 synthetic enterprises.
#
# usage: bench/run.sh [WORK_DIR]          (default $ZX_BENCH_WORK or /tmp/zx-bench)
#
# 1. builds Release into build-bench (tests off, benchmarks on; targets zhenxing and engine_bench only);
# 2. writes the demo population (seed 7) as CSV into WORK_DIR/data with `zhenxing demo-data`;
# 3. times, with /usr/bin/time -v, ZX_BENCH_RUNS (3) runs each of: validate, evaluate (CSV out),
#    evaluate --budget 500000000, simulate --set clause2.growth_min=10%, and the DuckDB peer on the same
#    data (a copy of ../shared/bench-peers with `npm ci`: the only network access);
# 4. compares our CSV with the peer's on clauses 1-3 and stops (exit 1) on any difference;
# 5. runs build-bench/bench/engine_bench (ZX_BENCH_RUNS repetitions);
# 6. prints the results table (medians) and writes it to WORK_DIR/results.md.
#
# Environment (defaults in brackets):
#   ZX_BENCH_WORK [/tmp/zx-bench]  ZX_BENCH_RUNS [3]  ZX_BENCH_ENTERPRISES [1000000]  ZX_BENCH_SEED [7]
#   ZX_JOBS [2]                    build parallelism
#   ZX_BENCH_TIMEOUT [900]         seconds allowed per command
#   ZX_BENCH_PEER_DIR              the peer [../shared/bench-peers from the repository]
#   ZX_BENCH_SKIP_PEER=1           offline: no peer, no comparison
#   ZX_BENCH_WAIT_QUIET=SECONDS    wait up to that long for idle CPUs before measuring (the report says how
#                                  much CPU other processes took either way: the machine may be shared)
#   ZX_BENCH_LARGE=1               engine_bench also loads 1M enterprises from CSV (~950 MB in /tmp)
#   ZX_BENCH_ENFORCE=1             exit 3 when a target is missed
# Needs cmake, g++, libbenchmark-dev (scripts/install-deps.sh), GNU time, python3, node and npm.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${ZX_BENCH_WORK:-/tmp/zx-bench}}
runs=${ZX_BENCH_RUNS:-3}
enterprises=${ZX_BENCH_ENTERPRISES:-1000000}
seed=${ZX_BENCH_SEED:-7}
jobs=${ZX_JOBS:-2}
limit=${ZX_BENCH_TIMEOUT:-900}
build=$repo/build-bench
zx=$build/zhenxing
policy=$repo/policies/guangxi-2023
peer_src=${ZX_BENCH_PEER_DIR:-$repo/../shared/bench-peers}
data=$work/data
out=$work/out
logs=$work/logs

say() { printf '\n== %s\n' "$*"; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

for tool in cmake python3 timeout; do command -v "$tool" >/dev/null || die "$tool not found"; done
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found: apt-get install time"
[ "${ZX_BENCH_SKIP_PEER:-0}" = 1 ] || command -v npm >/dev/null || die "node/npm not found (or set ZX_BENCH_SKIP_PEER=1)"

case "$work" in /|"$HOME"|"$repo") die "refusing to use $work as the work directory" ;; esac
mkdir -p "$work"
rm -rf "$data" "$out" "$logs" "$work/compare.json" "$work/engine_bench.json" "$work/results.md" "$work/cpu.txt"
mkdir -p "$out" "$logs"

say "machine"
{
    echo "nproc:  $(nproc)"
    echo "CPU:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "RAM:    $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "g++:    $(g++ --version | head -1)"
    echo "kernel: $(uname -sr)"
    echo "node:   $(node --version 2>/dev/null || echo none)"
    echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    if commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null); then
        git -C "$repo" diff --quiet HEAD 2>/dev/null || commit+=" + uncommitted changes"
        echo "commit: $commit"
    else
        echo "commit: not a git checkout ($repo)"
    fi
} | tee "$work/machine.txt"

say "build (Release, $build)"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_TESTS=OFF -DZX_BUILD_BENCH=ON \
    >"$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; die "cmake configure failed"; }
# Only what is measured: other targets (the server layers) are not needed here.
cmake --build "$build" -j"$jobs" --target zhenxing engine_bench >>"$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; die "build failed"; }
echo "ok ($logs/build.log)"

say "demo data: $enterprises enterprises, seed $seed -> $data"
timeout "$limit" "$zx" --lang en demo-data --enterprises "$enterprises" --seed "$seed" --out "$data"
echo "$enterprises enterprises × 24 months (seed $seed), $(du -sh "$data" | cut -f1) of CSV," \
     "$(($(wc -l <"$data/output.csv") - 1)) output rows" | tee "$work/dataset.txt"

# measure NAME CMD...: runs CMD $runs times under /usr/bin/time -v; logs NAME.i.{time,out,err}.
measure() {
    local name=$1 i rc
    shift
    for ((i = 1; i <= runs; i++)); do
        rc=0
        timeout "$limit" /usr/bin/time -v -o "$logs/$name.$i.time" "$@" \
            >"$logs/$name.$i.out" 2>"$logs/$name.$i.err" || rc=$?
        if [ "$rc" -ne 0 ]; then
            tail -20 "$logs/$name.$i.err" >&2
            die "$name (run $i) failed with exit status $rc: $*"
        fi
        printf '%-16s run %d: %6.2f s, max RSS %5d MiB\n' "$name" "$i" \
            "$(awk -F': ' '/Elapsed/ {n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s}' "$logs/$name.$i.time")" \
            "$(awk -F': ' '/Maximum resident/ {print int($2 / 1024)}' "$logs/$name.$i.time")"
    done
}

# cpu_mark PHASE: CPU seconds used so far by the whole machine (/proc/stat) and by this script's children
# (`times`), so that the report can tell how much other work competed with a phase (the machine is shared).
cpu_mark() {
    local busy ours
    busy=$(awk '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100}' /proc/stat)
    times >"$work/.times"  # a builtin: must run in this shell, not in a $(subshell)
    ours=$(awk 'NR == 2 {s = 0; for (i = 1; i <= 2; i++) {split($i, p, "m"); s += p[1] * 60 + p[2]} printf "%.2f", s}' \
        "$work/.times")
    echo "$1 $(date +%s.%N) $busy $ours" >>"$work/cpu.txt"
}
# idle_share SECONDS: share of the CPUs idle over the next SECONDS (from /proc/stat).
idle_share() {
    local a b
    a=$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
    sleep "$1"
    b=$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
    echo "$a $b" | awk '{printf "%.2f", ($3 - $1) / (($4 - $2) > 0 ? ($4 - $2) : 1)}'
}
wait_quiet=${ZX_BENCH_WAIT_QUIET:-0}
if [ "$wait_quiet" -gt 0 ]; then
    say "waiting up to $wait_quiet s for the CPUs to be >= 90% idle"
    deadline=$((SECONDS + wait_quiet))
    while idle=$(idle_share 5) && awk -v i="$idle" 'BEGIN {exit !(i < 0.9)}'; do
        if [ "$SECONDS" -ge "$deadline" ]; then echo "still busy (idle $idle): measuring anyway"; break; fi
        echo "idle $idle, waiting"
        sleep 25
    done
fi
rm -f "$work/cpu.txt"
cpu_mark start

say "zhenxing ($runs runs each)"
measure validate "$zx" --lang en validate --data "$data"
measure evaluate "$zx" --lang en evaluate --policy "$policy" --data "$data" --out "$out/ours.csv"
grep -h 'wrote' "$logs"/evaluate.*.err
measure evaluate_budget "$zx" --lang en evaluate --policy "$policy" --data "$data" --budget 500000000 \
    --out "$out/ours-budget.csv"
measure simulate "$zx" --lang en simulate --policy "$policy" --data "$data" --set clause2.growth_min=10%
grep -h 're-evaluation' "$logs"/simulate.*.out

if [ "${ZX_BENCH_SKIP_PEER:-0}" = 1 ]; then
    say "DuckDB peer: skipped (ZX_BENCH_SKIP_PEER=1), no comparison"
else
    say "DuckDB peer (npm ci in $work/peer)"
    [ -f "$peer_src/duckdb_peer.mjs" ] || die "no peer at $peer_src"
    if [ -d "$work/peer" ]; then chmod -R u+w "$work/peer"; fi
    rm -rf "$work/peer"
    cp -r "$peer_src" "$work/peer"
    chmod -R u+w "$work/peer"  # the shared copy is read-only; npm ci writes node_modules here
    (cd "$work/peer" && timeout "$limit" npm ci --no-audit --no-fund --loglevel=error) >"$logs/npm-ci.log" 2>&1 ||
        { tail -20 "$logs/npm-ci.log"; die "npm ci of the peer failed"; }
    measure peer node "$work/peer/duckdb_peer.mjs" "$data" "$out/peer.csv"

    say "comparison with the peer (clauses 1-3)"
    python3 "$repo/bench/compare_peer.py" "$out/ours.csv" "$out/peer.csv" "$work/compare.json" ||
        die "our awards differ from the peer's (see above): results are not comparable"
fi

cpu_mark commands
say "engine_bench ($runs repetitions)"
if ! timeout "$limit" "$build/bench/engine_bench" --benchmark_repetitions="$runs" \
    --benchmark_report_aggregates_only=true --benchmark_out="$work/engine_bench.json" \
    --benchmark_out_format=json 2>&1 | tee "$logs/engine_bench.txt"; then
    die "engine_bench failed"
fi

cpu_mark engine_bench
say "results ($work/results.md)"
python3 "$repo/bench/report.py" "$work"
