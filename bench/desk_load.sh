#!/usr/bin/env bash
# The service desk under concurrent submissions, on loopback (the issue: "1,000 concurrent submissions
# (with retries of the same keys) lose nothing and duplicate nothing; a SIGKILL during that load loses
# no acknowledged case").
#
# usage: bench/desk_load.sh [WORK_DIR]          (default $ZX_DESK_LOAD_WORK or /tmp/zx-desk-load)
#
# 1. builds Release (target zhenxing) into build-rel (or uses it: ZX_DESK_LOAD_SKIP_BUILD=1);
# 2. starts `zhenxing serve --demo --demo-enterprises 2000` on 127.0.0.1 (a free port) with a SQLite
#    file in WORK_DIR/sqlite, and logs in as the demo enterprise account (`enterprise`, from
#    demo-accounts.txt next to the database, as bench/load.sh does);
# 3. round 1: bench/desk_load_client.py fires N (1,000) submissions at once, each with its own
#    Idempotency-Key and sent 2 or 3 times with that key (first attempt and retries concurrently),
#    then retries keys that got no 2xx one by one; desk_load_check.py counts back from the database:
#    exactly N rows for the N keys, each with the id every 2xx for its key named, no duplicate, every
#    case with its report and dispatch events;
# 4. round 2: the same with new keys, but the server is SIGKILLed once ZX_DESK_LOAD_KILL_AFTER
#    acknowledgements have arrived; it is restarted on the same database, and every case acknowledged
#    before the kill must be there (by id and key). Then every key of the round is sent again (the
#    acknowledged ones must replay their id, the rest are created) and the count back must be N again;
# 5. writes WORK_DIR/results.md, the attempt logs (*.jsonl) and the checks (*.json);
# 6. stops the server on any exit (trap).
# All traffic goes to 127.0.0.1 only.
#
# Environment (defaults in brackets):
#   ZX_DESK_LOAD_WORK [/tmp/zx-desk-load]  ZX_DESK_LOAD_N [1000]   ZX_DESK_LOAD_KILL_AFTER [300]
#   ZX_DESK_LOAD_ENTERPRISES [2000]        ZX_DESK_LOAD_SERVER_THREADS [2] (--threads; handler
#   threads are the server's default)      ZX_DESK_LOAD_BUILD [build-rel]  ZX_JOBS [2]
#   ZX_DESK_LOAD_SKIP_BUILD=1 use the zhenxing already built there
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-${ZX_DESK_LOAD_WORK:-/tmp/zx-desk-load}}
n=${ZX_DESK_LOAD_N:-1000}
kill_after=${ZX_DESK_LOAD_KILL_AFTER:-300}
enterprises=${ZX_DESK_LOAD_ENTERPRISES:-2000}
server_threads=${ZX_DESK_LOAD_SERVER_THREADS:-2}
jobs=${ZX_JOBS:-2}
build=${ZX_DESK_LOAD_BUILD:-$repo/build-rel}
zx=$build/zhenxing
client=$repo/bench/desk_load_client.py
check=$repo/bench/desk_load_check.py

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'desk_load.sh: %s\n' "$*" >&2; exit 1; }

for tool in cmake curl python3; do command -v "$tool" >/dev/null || die "$tool not found"; done
case "$work" in /|"$HOME"|"$repo") die "refusing to use $work as the work directory" ;; esac

# ---- cleanup: the server this script started ----
server_pid=""
client_pid=""
cleanup() {
    if [ -n "$client_pid" ] && kill -0 "$client_pid" 2>/dev/null; then kill -TERM "$client_pid" 2>/dev/null || true; fi
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work"
rm -rf "$work/sqlite" "$work"/*.jsonl "$work"/*.json "$work/results.md"
mkdir -p "$work/sqlite"

# ---- build ----
if [ "${ZX_DESK_LOAD_SKIP_BUILD:-0}" != 1 ]; then
    say "build (Release, $build)"
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_BENCH=OFF >"$work/cmake.log" 2>&1 ||
        { tail -n 20 "$work/cmake.log" >&2; die "cmake configure failed"; }
    cmake --build "$build" -j"$jobs" --target zhenxing >"$work/build.log" 2>&1 ||
        { grep -m 20 -E 'error|Error' "$work/build.log" >&2; die "build failed (log: $work/build.log)"; }
fi
[ -x "$zx" ] || die "$zx not built"

# ---- the machine (the load on it is part of the result) ----
hz=$(getconf CLK_TCK)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
{
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- nproc: $(nproc); $(lscpu | grep -m1 'Model name' | sed 's/  */ /g')"
    echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)"
    echo "- commit: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD || echo ' + uncommitted changes')"
    echo "- server: --threads $server_threads, default handler threads, SQLite file; $enterprises demo enterprises"
} >"$work/machine.md"
cat "$work/machine.md" >&2

db_file=$work/sqlite/zx.db
accounts=$work/sqlite/demo-accounts.txt

start_server() {
    (cd "$work/sqlite" && exec "$zx" serve --db "sqlite:$db_file" --host 127.0.0.1 --port 0 --threads "$server_threads" \
        --policies "$repo/policies" --static "$work/sqlite/no-web" --demo --demo-enterprises "$enterprises" \
        --quiet-access-log) >>"$work/sqlite/server.log" 2>&1 &
    server_pid=$!
    local t0=$SECONDS before
    before=$(grep -c 'http://127.0.0.1:' "$work/sqlite/server.log" 2>/dev/null || true)
    port=""
    while [ -z "$port" ]; do
        kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/sqlite/server.log" >&2; die "the server exited"; }
        [ $((SECONDS - t0)) -lt 300 ] || die "the server did not start within 300 s"
        if [ "$(grep -c 'http://127.0.0.1:' "$work/sqlite/server.log" || true)" -gt "${before:-0}" ]; then
            port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sqlite/server.log" | tail -1 | sed 's/.*://')
        else
            sleep 0.2
        fi
    done
    echo "server pid $server_pid on 127.0.0.1:$port, ready after $((SECONDS - t0)) s" >&2
}

login() {
    local user=$1 pw
    pw=$(awk -F'\t' -v u="$user" '$1 == u {print $2}' "$accounts")
    [ -n "$pw" ] || die "no password for $user in $accounts"
    curl -sS --max-time 30 -X POST "http://127.0.0.1:$port/api/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"$pw\",\"bearer\":true}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true

# ---- round 1: N keys, 2-3 concurrent attempts each, then the stragglers one by one ----
say "round 1: $n submissions, each sent 2-3 times concurrently with its key"
start_server
token=$(login enterprise)
b0=$(busy_ticks); s0=$(proc_ticks "$server_pid"); t0=$(date +%s.%N)
python3 "$client" --port "$port" --token="$token" --prefix r1 --n "$n" --log "$work/round1.jsonl" --settle \
    >"$work/round1-client.json"
b1=$(busy_ticks); s1=$(proc_ticks "$server_pid"); t1=$(date +%s.%N)
cat "$work/round1-client.json" >&2
r1_cpu=$(echo "$b0 $b1 $s0 $s1 $hz $t0 $t1" | awk '{w = $7 - $6; printf "machine %.0f%%, server %.0f%% (of one core) over %.1f s", 100 * ($2 - $1) / $5 / w / 2, 100 * ($4 - $3) / $5 / w, w}')
echo "CPU during round 1: $r1_cpu" >&2
python3 "$check" --db "$db_file" --prefix r1 --n "$n" --log "$work/round1.jsonl" --expect-all \
    >"$work/round1-check.json" || true
cat "$work/round1-check.json" >&2

# ---- round 2: SIGKILL in the middle ----
say "round 2: $n submissions, SIGKILL of the server after $kill_after acknowledgements"
token=$(login enterprise)
: >"$work/round2.jsonl"
python3 "$client" --port "$port" --token="$token" --prefix r2 --n "$n" --log "$work/round2.jsonl" \
    >"$work/round2-client.json" &
client_pid=$!
while kill -0 "$client_pid" 2>/dev/null; do
    acked=$(grep -c '"id": [0-9]' "$work/round2.jsonl" || true)
    [ "${acked:-0}" -lt "$kill_after" ] || break
    sleep 0.05
done
killed_pid=$server_pid
kill -KILL "$server_pid"
kill_t=$(date +%s.%N)
wait "$server_pid" 2>/dev/null || true
server_pid=""
acked_at_kill=$(grep -c '"id": [0-9]' "$work/round2.jsonl" || true)
echo "SIGKILL to $killed_pid with $acked_at_kill acknowledged attempts logged" >&2
wait "$client_pid" || true
client_pid=""
cat "$work/round2-client.json" >&2
say "restart on the same database"
start_server
python3 "$check" --db "$db_file" --prefix r2 --n "$n" --log "$work/round2.jsonl" >"$work/round2-after-kill.json" || true
cat "$work/round2-after-kill.json" >&2
say "round 2, resumed: every key again (acknowledged ones must replay their case)"
token=$(login enterprise)
python3 "$client" --port "$port" --token="$token" --prefix r2 --n "$n" --log "$work/round2-resume.jsonl" \
    --phase resume --retries 0 --settle >"$work/round2-resume-client.json"
cat "$work/round2-resume-client.json" >&2
python3 "$check" --db "$db_file" --prefix r2 --n "$n" --log "$work/round2.jsonl" --log "$work/round2-resume.jsonl" \
    --expect-all >"$work/round2-final.json" || true
cat "$work/round2-final.json" >&2
integrity=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$db_file")
echo "integrity_check after the kill: $integrity" >&2

# ---- results ----
python3 - "$work" "$n" "$kill_after" "$r1_cpu" "$integrity" "$acked_at_kill" <<'PY' >"$work/results.md"
import json, sys
work, n, kill_after, r1_cpu, integrity, acked_at_kill = sys.argv[1:]
j = lambda name: json.load(open(f"{work}/{name}"))
c1, k1 = j("round1-client.json"), j("round1-check.json")
c2, k2, r2, f2 = j("round2-client.json"), j("round2-after-kill.json"), j("round2-resume-client.json"), j("round2-final.json")
print(open(f"{work}/machine.md").read().rstrip())
print(f"- CPU during round 1: {r1_cpu}")
print()
print("| | round 1 | round 2 (SIGKILL) | round 2 resumed |")
print("| --- | --- | --- | --- |")
print(f"| keys / requests | {c1['keys']} / {c1['requests']} (+{c1['settle_requests']} one by one) | {c2['keys']} / {c2['requests']} | {r2['keys']} / {r2['requests']} (+{r2['settle_requests']}) |")
print(f"| answers by status | {c1['statuses']} | {c2['statuses']} | {r2['statuses']} |")
print(f"| wall time of the concurrent burst | {c1['load_seconds']} s | {c2['load_seconds']} s | {r2['load_seconds']} s |")
print(f"| latency p50 / p95 / max (answered attempts) | {c1['latency_ms_p50']} / {c1['latency_ms_p95']} / {c1['latency_ms_max']} ms | {c2['latency_ms_p50']} / {c2['latency_ms_p95']} / {c2['latency_ms_max']} ms | {r2['latency_ms_p50']} / {r2['latency_ms_p95']} / {r2['latency_ms_max']} ms |")
print(f"| keys acknowledged | {k1['acked_keys']} | {k2['acked_keys']} (kill after {acked_at_kill} acked attempts) | {f2['acked_keys']} |")
print(f"| rows in desk_cases for the keys | {k1['rows']} | {k2['rows']} after restart ({k2['unacked_keys_in_db']} committed but unacknowledged) | {f2['rows']} |")
print(f"| acknowledged but lost | {k1['acked_lost_count']} | {k2['acked_lost_count']} | {f2['acked_lost_count']} |")
print(f"| acknowledged with another id / a key answered with two ids | {len(k1['acked_with_other_id'])} / {len(k1['keys_answered_with_two_ids'])} | {len(k2['acked_with_other_id'])} / {len(k2['keys_answered_with_two_ids'])} | {len(f2['acked_with_other_id'])} / {len(f2['keys_answered_with_two_ids'])} |")
print(f"| duplicate keys / duplicate titles | {len(k1['duplicate_keys'])} / {k1['duplicate_titles']} | {len(k2['duplicate_keys'])} / {k2['duplicate_titles']} | {len(f2['duplicate_keys'])} / {f2['duplicate_titles']} |")
print(f"| cases without their report+dispatch events | {k1['cases_without_report_and_dispatch_events']} | {k2['cases_without_report_and_dispatch_events']} | {f2['cases_without_report_and_dispatch_events']} |")
print(f"| keys missing from the database | {k1['missing_count']} | (not expected) | {f2['missing_count']} |")
print(f"| **check** | **{'pass' if k1['ok'] else 'FAIL'}** | **{'pass' if k2['ok'] else 'FAIL'}** | **{'pass' if f2['ok'] else 'FAIL'}** |")
print()
print(f"SQLite `PRAGMA integrity_check` after the restart: {integrity}.")
PY
say "results ($work/results.md)"
cat "$work/results.md" >&2
ok=1
for f in round1-check round2-after-kill round2-final; do
    python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["ok"] else 1)' "$work/$f.json" || ok=0
done
[ "$ok" = 1 ] || die "a check failed (see $work/*.json)"
