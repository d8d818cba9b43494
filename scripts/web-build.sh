#!/usr/bin/env bash
# Builds the web front end into web/dist (served by `zhenxing serve --static web/dist`):
# npm ci (only when the lock file changed), the API client generated from `$ZX_BIN openapi`, the type
# check (vue-tsc) and the Vite build. ZX_BIN defaults to build/zhenxing, where CI builds the server.
set -euo pipefail
cd "$(dirname "$0")/.."
export ZX_BIN="${ZX_BIN:-build/zhenxing}"
command -v npm >/dev/null || { echo "web-build: npm not found (scripts/install-deps.sh installs nodejs and npm)" >&2; exit 3; }
[ -x "$ZX_BIN" ] || { echo "web-build: no server binary at $ZX_BIN (build the C++ first, or set ZX_BIN)" >&2; exit 3; }
cd web
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
