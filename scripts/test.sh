#!/usr/bin/env bash
# Builds Zhenxing and runs every test suite: GoogleTest through CTest (engine, golden files, loaders,
# CLI end-to-end, the include layering), the OpenAPI validation and the web front end's unit and
# browser tests (unless ZX_SKIP_WEB=1), then a sanitizer build (ASan/UBSan) of the C++ tests unless
# ZX_SKIP_SANITIZERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${ZX_JOBS:-2}

# A throw-away PostgreSQL cluster, so that storage, service and API tests run against it as well as
# SQLite (they skip PostgreSQL, saying so, when ZX_TEST_PG_URL is unset).
if [ -z "${ZX_TEST_PG_URL:-}" ] && [ -x /usr/lib/postgresql/15/bin/initdb ] && [ "${ZX_SKIP_PG:-0}" != 1 ]; then
  # A free port (a fixed one may be held by another cluster on a shared machine).
  pg_port=${ZX_PG_PORT:-}
  if [ -z "$pg_port" ]; then
    for p in $(seq 55432 55499); do
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then pg_port=$p; break; fi
    done
  fi
  pg_dir=$(mktemp -d /tmp/zx-pg.XXXXXX)
  trap 'scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
  # Fail loudly rather than let the PostgreSQL half of the suites skip.
  if ! pg_env=$(scripts/pg-test-cluster.sh start "$pg_dir" "$pg_port"); then
    echo "test.sh: could not start the test PostgreSQL cluster (set ZX_SKIP_PG=1 to test SQLite only)" >&2
    exit 1
  fi
  eval "$pg_env"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_TESTS=ON -DZX_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$jobs"
# Formatting, file length and the chosen clang-tidy checks (uses build/compile_commands.json).
scripts/check-style.sh
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${ZX_SKIP_WEB:-0}" != 1 ]; then
  # The OpenAPI document the route tables generate must be valid OpenAPI 3 (swagger-parser), and the
  # web front end, whose client is generated from it, must build and pass its unit and browser tests.
  ZX_BIN=build/zhenxing scripts/web-build.sh
  build/zhenxing openapi >build/openapi.json
  node web/scripts/validate-openapi.mjs build/openapi.json
  ZX_BIN=build/zhenxing scripts/web-test.sh
fi

if [ "${ZX_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZX_SANITIZE=ON -DZX_BUILD_TESTS=ON -DZX_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
