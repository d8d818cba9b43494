#!/usr/bin/env bash
# Bounded, reproducible HTTP load test of `zhenxing serve` on loopback with wrk.
#
# usage: bench/load.sh [WORK_DIR]          (default $ZX_LOAD_WORK or /tmp/zx-load)
#
# 1. builds Release (target zhenxing) into build-rel;
# 2. for each backend, SQLite (a file in WORK_DIR) and then PostgreSQL (a throw-away cluster from
#    scripts/pg-test-cluster.sh in WORK_DIR/pg), starts `zhenxing serve --demo --demo-enterprises 20000`
#    on 127.0.0.1 (a free port), logs in as `nanning` (city official) and `gxt_admin` (province) for
#    bearer tokens, and checks each endpoint answers 200;
# 3. times single requests on the idle server (curl, median of 20), the cost without queueing;
# 4. runs wrk --latency (200 connections, 2 threads, 20 s each, after a short warm-up) against
#      GET /api/enterprises?page_size=50               as nanning   (a city's enterprises)
#      GET /api/runs/1/rows?page_size=50&page=<varies> as gxt_admin (a small wrk Lua script, below)
#      GET /healthz                                    (no database)
#    and records requests/s, p50 and p99, non-2xx and socket errors, and how much CPU the server, wrk
#    and everything else on the machine took while it ran;
# 5. writes WORK_DIR/results.md (the table that bench/LOAD.md records) and the raw wrk output;
# 6. stops the servers and the cluster on any exit (trap).
# All traffic goes to 127.0.0.1 only.
#
# Environment (defaults in brackets):
#   ZX_LOAD_WORK [/tmp/zx-load]        ZX_LOAD_BACKENDS ["sqlite postgres"]
#   ZX_LOAD_ENTERPRISES [20000]        ZX_LOAD_CONNECTIONS [200]   ZX_LOAD_THREADS [2] (wrk)
#   ZX_LOAD_DURATION [20s]             ZX_LOAD_WARMUP [3s]         ZX_LOAD_SERVER_THREADS [2]
#   ZX_LOAD_TARGET_P99_MS [50]         ZX_LOAD_PG_PORT [55439]     ZX_JOBS [2] build parallelism
#   ZX_LOAD_PG_ANALYZE [1]             VACUUM ANALYZE after the demo seed (0: measure the fresh bulk load)
#   ZX_LOAD_BUILD [build-rel]          ZX_LOAD_SKIP_BUILD=1 use the zhenxing already built there
#   ZX_LOAD_WAIT_QUIET=SECONDS         wait up to that long for the CPUs to be >= 90% idle first
#   ZX_LOAD_PROFILE=1                  also `perf record` the server for 8 s inside each wrk run and
#                                      keep the top symbols (needs perf and perf_event_paranoid <= 2)
#   ZX_LOAD_ENFORCE=1                  exit 3 when a p99 target is missed
# Needs cmake, g++, wrk, curl, python3 (scripts/install-deps.sh --with-bench), and for PostgreSQL the
# server packages (scripts/install-deps.sh --with-db).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${ZX_LOAD_WORK:-/tmp/zx-load}}
backends=${ZX_LOAD_BACKENDS:-sqlite postgres}
enterprises=${ZX_LOAD_ENTERPRISES:-20000}
connections=${ZX_LOAD_CONNECTIONS:-200}
wrk_threads=${ZX_LOAD_THREADS:-2}
duration=${ZX_LOAD_DURATION:-20s}
warmup=${ZX_LOAD_WARMUP:-3s}
server_threads=${ZX_LOAD_SERVER_THREADS:-2}
target_ms=${ZX_LOAD_TARGET_P99_MS:-50}
pg_port=${ZX_LOAD_PG_PORT:-55439}
pg_analyze=${ZX_LOAD_PG_ANALYZE:-1}
jobs=${ZX_JOBS:-2}
build=${ZX_LOAD_BUILD:-$repo/build-rel}
zx=$build/zhenxing
lua=$work/load-pages.lua

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }

for tool in cmake wrk curl python3 timeout; do command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh --with-bench)"; done
case "$work" in /|"$HOME"|"$repo") die "refusing to use $work as the work directory" ;; esac

# ---- cleanup: every server this script started, and the cluster ----
server_pid=""
pg_started=0
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
    if [ "$pg_started" = 1 ]; then
        "$repo/scripts/pg-test-cluster.sh" stop "$work/pg" || true
        pg_started=0
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work"
rm -rf "$work/sqlite" "$work/pgserve" "$work/raw" "$work/results.md" "$work/rows.tsv"
mkdir -p "$work/raw"

# Varies the page of /api/runs/1/rows over the whole run (each wrk thread from its own offset), so the
# load is not one page served from a warm cache.
cat >"$lua" <<'LUA'
local pages = tonumber(os.getenv("ZX_LOAD_PAGES") or "1")
local next_id = 0
local counter = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end
function init(args)
  counter = (id or 0) * 100003
end
function request()
  counter = counter + 1
  local page = (counter * 7919) % pages + 1
  local path = wrk.path:gsub("page=%d+$", "page=" .. page)
  return wrk.format(nil, path)
end
LUA

# ---- build ----
if [ "${ZX_LOAD_SKIP_BUILD:-0}" != 1 ]; then
    say "build (Release, $build)"
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_BENCH=OFF >"$work/raw/cmake.log" 2>&1 ||
        { tail -n 20 "$work/raw/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$build" -j"$jobs" --target zhenxing >"$work/raw/build.log" 2>&1 ||
        { grep -m 20 -E 'error|Error' "$work/raw/build.log" >&2; die "build failed (log: $work/raw/build.log)"; }
fi
[ -x "$zx" ] || die "$zx not built"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found: apt-get install time"

# ---- the machine ----
machine() {
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); kernel $(uname -r)"
    echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared)"
    echo "- wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $connections connections, $wrk_threads threads, $duration per endpoint after a $warmup warm-up; server --threads $server_threads"
    echo "- $enterprises demo enterprises; PostgreSQL VACUUM ANALYZE after the seed: $([ "$pg_analyze" = 1 ] && echo yes || echo no); perf during the runs: $([ "${ZX_LOAD_PROFILE:-0}" = 1 ] && echo "yes (8 s at 499 Hz)" || echo no)"
    local commit
    commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$repo" diff --quiet HEAD 2>/dev/null || commit+=" + uncommitted changes"
    echo "- commit: $commit"
}
say "machine"
machine | tee "$work/raw/machine.md" >&2

wait_quiet=${ZX_LOAD_WAIT_QUIET:-0}
if [ "$wait_quiet" -gt 0 ]; then
    say "waiting up to $wait_quiet s for the CPUs to be >= 90% idle"
    deadline=$((SECONDS + wait_quiet))
    while [ $SECONDS -lt $deadline ]; do
        a=$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
        sleep 2
        b=$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)
        idle=$(echo "$a $b" | awk '{d = $4 - $2; print (d > 0 ? int(100 * ($3 - $1) / d) : 100)}')
        [ "$idle" -ge 90 ] && break
    done
fi

# CPU ticks: the whole machine busy, one process (utime + stime), the PostgreSQL cluster (postmaster
# and its children: the server's pooled connections live through a run).
hz=$(getconf CLK_TCK)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
db_ticks() {
    local pm
    [ "$pg_started" = 1 ] && pm=$(head -1 "$work/pg/data/postmaster.pid" 2>/dev/null) && [ -n "$pm" ] || { echo 0; return; }
    local total=0 p
    for p in $pm $(pgrep -P "$pm"); do total=$((total + $(proc_ticks "$p"))); done
    echo "$total"
}

# ---- the server ----
# start_server URL DIR: runs zhenxing serve in DIR (where --demo writes data/demo-accounts.txt for a
# non-SQLite URL), waits for the start line (its URL, in either --lang), sets server_pid and port.
start_server() {
    local url=$1 dir=$2
    mkdir -p "$dir"
    (cd "$dir" && exec "$zx" serve --db "$url" --host 127.0.0.1 --port 0 --threads "$server_threads" \
        --policies "$repo/policies" --static "$dir/no-web" --demo --demo-enterprises "$enterprises" \
        --quiet-access-log) 2>"$dir/server.log" &
    server_pid=$!
    local t0=$SECONDS
    port=""
    while [ -z "$port" ]; do
        kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$dir/server.log" >&2; die "the server exited"; }
        [ $((SECONDS - t0)) -lt 600 ] || die "the server did not start within 600 s"
        port=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/server.log" | head -1 | sed 's/.*://') || true
        [ -n "$port" ] || sleep 0.2
    done
    echo "server pid $server_pid on 127.0.0.1:$port, ready after $((SECONDS - t0)) s (seeding $enterprises enterprises)" >&2
}

stop_server() {
    [ -n "$server_pid" ] || return 0
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

json_field() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval("d" + sys.argv[1]))' "$1"; }

login() {
    local user=$1 accounts=$2 pw
    pw=$(awk -F'\t' -v u="$user" '$1 == u {print $2}' "$accounts")
    [ -n "$pw" ] || die "no password for $user in $accounts"
    curl -sS --max-time 30 -X POST "http://127.0.0.1:$port/api/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"$pw\",\"bearer\":true}" | json_field '["token"]'
}

# median_ms URL [TOKEN]: the median time_total of 20 sequential requests on the idle server.
median_ms() {
    local url=$1 token=${2:-} i
    local auth=()
    [ -z "$token" ] || auth=(-H "Authorization: Bearer $token")
    for i in $(seq 1 20); do
        curl -sS -o /dev/null --max-time 30 -w '%{time_total}\n' "${auth[@]}" "$url"
    done | sort -n | awk '{a[NR] = $1} END {printf "%.1f", 1000 * (a[int((NR + 1) / 2)])}'
}

# to_ms "1.23ms" | "456.78us" | "2.01s" → milliseconds
to_ms() { echo "$1" | awk '{v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /ms$/) v += 0; else if ($1 ~ /s$/) v *= 1000; else if ($1 ~ /m$/) v *= 60000; printf "%.2f", v}'; }

# run_wrk BACKEND NAME PATH TOKEN [LUA]
run_wrk() {
    local backend=$1 name=$2 path=$3 token=$4 script=${5:-}
    local url="http://127.0.0.1:$port$path" raw="$work/raw/wrk-$backend-$name.txt"
    local args=(-c "$connections" -t "$wrk_threads" --latency --timeout 10s)
    [ -z "$token" ] || args+=(-H "Authorization: Bearer $token")
    [ -z "$script" ] || args+=(-s "$script")
    local code
    code=$(curl -sS -o /dev/null --max-time 30 -w '%{http_code}' ${token:+-H "Authorization: Bearer $token"} "$url")
    [ "$code" = 200 ] || die "$url answered $code before the load"
    local single
    single=$(median_ms "$url" "$token")
    wrk "${args[@]}" -d "$warmup" "$url" >/dev/null 2>&1 || true
    local b0 s0 d0 b1 s1 d1 t0 t1
    b0=$(busy_ticks); s0=$(proc_ticks "$server_pid"); d0=$(db_ticks); t0=$(date +%s.%N)
    local perf_pid=""
    if [ "${ZX_LOAD_PROFILE:-0}" = 1 ] && command -v perf >/dev/null; then
        (sleep 5 && perf record -F 499 -g -p "$server_pid" -o "$work/raw/perf-$backend-$name.data" -- sleep 8 \
            >/dev/null 2>&1 || true) &
        perf_pid=$!
    fi
    /usr/bin/time -f '%U %S' -o "$work/raw/wrk-time-$backend-$name.txt" wrk "${args[@]}" -d "$duration" "$url" >"$raw" 2>&1 ||
        die "wrk failed: $(tail -n 5 "$raw")"
    [ -z "$perf_pid" ] || wait "$perf_pid" 2>/dev/null || true
    b1=$(busy_ticks); s1=$(proc_ticks "$server_pid"); d1=$(db_ticks); t1=$(date +%s.%N)
    if [ -f "$work/raw/perf-$backend-$name.data" ]; then
        perf report -i "$work/raw/perf-$backend-$name.data" --stdio --no-children -g none --sort dso \
            2>/dev/null | grep -E '^ +[0-9]' | sed 's/  */ /g' | head -8 >"$work/raw/perf-$backend-$name.txt" || true
        perf report -i "$work/raw/perf-$backend-$name.data" --stdio --no-children -g none --sort dso,sym \
            --percent-limit 1.5 2>/dev/null | grep -E '^ +[0-9]' | sed 's/  */ /g' | head -20 >>"$work/raw/perf-$backend-$name.txt" || true
    fi
    local rps p50 p99 non2xx errors wall server_cpu db_cpu wrk_cpu all_cpu other_cpu
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$raw")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$raw"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$raw"); errors=${errors:-0}
    wall=$(echo "$t0 $t1" | awk '{print $2 - $1}')
    server_cpu=$(echo "$s0 $s1 $hz $wall" | awk '{printf "%.0f", 100 * ($2 - $1) / $3 / $4}')
    wrk_cpu=$(awk -v w="$wall" '{printf "%.0f", 100 * ($1 + $2) / w}' "$work/raw/wrk-time-$backend-$name.txt")
    db_cpu=$(echo "$d0 $d1 $hz $wall" | awk '{printf "%.0f", 100 * ($2 - $1) / $3 / $4}')
    all_cpu=$(echo "$b0 $b1 $hz $wall" | awk '{printf "%.0f", 100 * ($2 - $1) / $3 / $4}')
    other_cpu=$((all_cpu - server_cpu - db_cpu - wrk_cpu)); [ "$other_cpu" -ge 0 ] || other_cpu=0
    [ "$pg_started" = 1 ] || db_cpu="-"
    local met=yes
    awk -v p="$p99" -v t="$target_ms" 'BEGIN {exit !(p < t)}' || met=no
    [ "$non2xx" = 0 ] && [ "$errors" = 0 ] || met=no
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$path" "$rps" "$p50" "$p99" "$single" \
        "$non2xx" "$errors" "$server_cpu" "$db_cpu" "$wrk_cpu" "$other_cpu" "$met" >>"$work/rows.tsv"
    printf '%-8s %-45s %7s req/s  p50 %7s ms  p99 %7s ms  single %5s ms  non-2xx %s errors %s  CPU%% server %s db %s wrk %s other %s  p99<%sms: %s\n' \
        "$backend" "$path" "$rps" "$p50" "$p99" "$single" "$non2xx" "$errors" "$server_cpu" "$db_cpu" "$wrk_cpu" "$other_cpu" \
        "$target_ms" "$met" >&2
}

# measure BACKEND ACCOUNTS_FILE
measure() {
    local backend=$1 accounts=$2 city admin total pages
    city=$(login nanning "$accounts")
    admin=$(login gxt_admin "$accounts")
    total=$(curl -sS --max-time 30 -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/api/runs/1/rows?page_size=50" |
        json_field '["total"]')
    pages=$(((total + 49) / 50))
    echo "run 1: $total rows, $pages pages of 50" >&2
    export ZX_LOAD_PAGES=$pages
    run_wrk "$backend" enterprises "/api/enterprises?page_size=50" "$city"
    run_wrk "$backend" run-rows "/api/runs/1/rows?page_size=50&page=1" "$admin" "$lua"
    run_wrk "$backend" healthz "/healthz" ""
}

for backend in $backends; do
    case "$backend" in
        sqlite)
            say "SQLite (file $work/sqlite/zx.db)"
            start_server "sqlite:$work/sqlite/zx.db" "$work/sqlite"
            measure sqlite "$work/sqlite/demo-accounts.txt"
            stop_server
            ;;
        postgres)
            say "PostgreSQL (throw-away cluster in $work/pg, port $pg_port)"
            "$repo/scripts/pg-test-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
            rm -rf "$work/pg"
            pg_started=1
            eval "$("$repo/scripts/pg-test-cluster.sh" start "$work/pg" "$pg_port")"
            start_server "$ZX_TEST_PG_URL" "$work/pgserve"
            if [ "$pg_analyze" = 1 ]; then
                # What autovacuum does within minutes of a bulk load on a live server: statistics (else the
                # planner sorts whole tables) and the visibility map (index-only COUNTs).
                "${ZX_PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q "$ZX_TEST_PG_URL" -c "VACUUM ANALYZE" >&2
            fi
            measure postgres "$work/pgserve/data/demo-accounts.txt"
            stop_server
            "$repo/scripts/pg-test-cluster.sh" stop "$work/pg"
            pg_started=0
            ;;
        *) die "unknown backend $backend (sqlite, postgres)" ;;
    esac
done

# ---- the report ----
{
    echo "### Run of $(date -u '+%Y-%m-%d')"
    echo
    cat "$work/raw/machine.md"
    echo
    echo "| backend | request | req/s | p50 ms | p99 ms | single ms | non-2xx | socket errors | CPU % server | CPU % PostgreSQL | CPU % wrk | CPU % other | p99 < $target_ms ms |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    awk -F'\t' '{printf "| %s | `GET %s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13}' "$work/rows.tsv"
    echo
    echo "CPU % is of one core over the run (200 = both cores of a 2-core machine); \"other\" is what the rest of"
    echo "the machine used meanwhile. \"single\" is the median of 20 sequential requests on the idle server."
    for f in "$work"/raw/perf-*.txt; do
        [ -f "$f" ] || continue
        echo
        echo "perf, $(basename "$f" .txt) (server process only):"
        echo '```'
        cat "$f"
        echo '```'
    done
} >"$work/results.md"
say "results ($work/results.md)"
cat "$work/results.md"
if [ "${ZX_LOAD_ENFORCE:-0}" = 1 ] && grep -q 'no$' <(cut -f13 "$work/rows.tsv"); then
    echo "load.sh: a p99 target was missed" >&2
    exit 3
fi
