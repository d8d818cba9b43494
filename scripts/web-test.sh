#!/usr/bin/env bash
# The web front end's tests: Vitest unit tests, then browser tests (playwright-core driving Debian's
# chromium) against a real server on a temporary SQLite database with demo data, on a free port.
# Builds web/dist first when it is missing or older than web/src. Always stops the server.
#   ZX_BIN        server binary (default build/zhenxing)
#   CHROMIUM      browser (default /usr/bin/chromium)
#   ZX_SCREENSHOTS=DIR  also save screenshots of the main pages (docs/screenshots is the committed set)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export ZX_BIN="${ZX_BIN:-build/zhenxing}"
case "$ZX_BIN" in /*) ;; *) ZX_BIN="$ROOT/$ZX_BIN" ;; esac
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$ZX_BIN" ] || { echo "web-test: no server binary at $ZX_BIN" >&2; exit 3; }
[ -x "$CHROMIUM" ] || { echo "web-test: no browser at $CHROMIUM (scripts/install-deps.sh --with-browser)" >&2; exit 3; }

start=$(date +%s)
# Rebuild when the sources, the lock file or the server binary (its OpenAPI document) are newer.
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/package-lock.json "$ZX_BIN" -newer web/dist/index.html -print -quit)" ]; then
    scripts/web-build.sh
fi

tmp=$(mktemp -d /tmp/zx-web-test.XXXXXX)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$ZX_BIN" serve --db "sqlite:$tmp/zx.db" --host 127.0.0.1 --port "$port" --demo --demo-enterprises 3000 \
    --policies "$ROOT/policies" --static "$ROOT/web/dist" --quiet-access-log >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/healthz" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "web-test: the server exited:" >&2; cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.5
done
[ -f "$tmp/demo-accounts.txt" ] || { echo "web-test: no demo-accounts.txt" >&2; cat "$tmp/server.log" >&2; exit 1; }

cd web
export ZX_WEB_BASE="http://127.0.0.1:$port" ZX_ACCOUNTS="$tmp/demo-accounts.txt" ZX_TMP="$tmp"
status=0
npx vitest run --reporter=default --reporter=json --outputFile="$tmp/vitest.json" || status=1
# scope.test.mjs last, on its own (node's runner sorts the files it is given): its failed logins make
# every later login from 127.0.0.1 need a captcha, and service-desk.test.mjs sorts after it.
# shellcheck disable=SC2046
node --test --test-concurrency=1 --test-reporter=spec $(ls e2e/*.test.mjs | grep -v '/scope\.test\.mjs$') 2>&1 | tee "$tmp/e2e.log" || status=1
node --test --test-concurrency=1 --test-reporter=spec e2e/scope.test.mjs 2>&1 | tee -a "$tmp/e2e.log" || status=1

unit_pass=$(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests)' "$tmp/vitest.json" 2>/dev/null || echo 0)
unit_fail=$(node -e 'const r=require(process.argv[1]);console.log(r.numFailedTests)' "$tmp/vitest.json" 2>/dev/null || echo 1)
e2e_pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$tmp/e2e.log" | awk '{n+=$1} END {if (NR) print n}')
e2e_fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$tmp/e2e.log" | awk '{n+=$1} END {if (NR) print n}')
echo "web-test: unit ${unit_pass} passed, ${unit_fail} failed; browser ${e2e_pass:-0} passed, ${e2e_fail:-?} failed; $(( $(date +%s) - start )) s"
echo "$(( unit_pass + ${e2e_pass:-0} )) passed, $(( unit_fail + ${e2e_fail:-1} )) failed"
exit $status
