#!/usr/bin/env bash
# The main job: builds Zhenxing and its web interface, and runs the platform server on the embedded SQLite default
# (data/zhenxing.db) with demo data. On first start it seeds a synthetic Guangxi population, one
# account per role with generated passwords (printed once, kept in data/demo-accounts.txt) and a first
# award run. Stop with Ctrl-C. Options after -- go to `zhenxing serve` (e.g. -- --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_TESTS=OFF -DZX_BUILD_BENCH=OFF >/dev/null
cmake --build build -j2 --target zhenxing
# The web interface, served from the same port (its API client is generated from build/zhenxing openapi).
ZX_BIN=build/zhenxing scripts/web-build.sh
[ "${1:-}" = "--" ] && shift
exec build/zhenxing serve --db "${ZX_DB:-sqlite:data/zhenxing.db}" --host "${ZX_HOST:-127.0.0.1}" \
  --port "${ZX_PORT:-8080}" --demo --demo-enterprises "${ZX_DEMO_ENTERPRISES:-20000}" --static web/dist "$@"
