#!/usr/bin/env bash
# Builds Zhenxing and runs every test suite: GoogleTest through CTest (engine, golden files, loaders,
# CLI end-to-end), then a sanitizer build (ASan/UBSan) of the same tests unless ZX_SKIP_SANITIZERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${ZX_JOBS:-2}

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${ZX_SKIP_SANITIZERS:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZX_SANITIZE=ON -DZX_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
