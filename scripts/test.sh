#!/usr/bin/env bash
# Builds Zhenxing and runs every test suite: GoogleTest through CTest (engine, golden files, loaders,
# CLI end-to-end), then a sanitizer build (ASan/UBSan) of the same tests unless ZX_SKIP_SANITIZERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${ZX_JOBS:-2}

# A throw-away PostgreSQL cluster, so that storage, service and API tests run against it as well as
# SQLite (they skip PostgreSQL, saying so, when ZX_TEST_PG_URL is unset).
if [ -z "${ZX_TEST_PG_URL:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ] && [ "${ZX_SKIP_PG:-0}" != 1 ]; then
  pg_dir=$(mktemp -d /tmp/zx-pg.XXXXXX)
  eval "$(scripts/pg-test-cluster.sh start "$pg_dir" "${ZX_PG_PORT:-55432}")"
  trap 'scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_TESTS=ON -DZX_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${ZX_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZX_SANITIZE=ON -DZX_BUILD_TESTS=ON -DZX_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
