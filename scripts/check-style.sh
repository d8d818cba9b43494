#!/usr/bin/env bash
# Fails on any style problem, printing each one (run from anywhere; it works from the repository root):
#   1. clang-format --dry-run --Werror over every .cpp/.hpp in src, tests and bench (.clang-format);
#   2. no .cpp/.hpp in src, tests or bench over 700 lines (issue 7);
#   3. clang-tidy with the checks of .clang-tidy over src/**/*.cpp (and the src/ headers they include),
#      two files at a time. Needs a configured build for compile_commands.json: BUILD_DIR (default
#      build), e.g. `cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_BENCH=OFF`. The whole
#      check takes about three minutes on two cores; ZX_SKIP_TIDY=1 runs only 1 and 2, and
#      ZX_TIDY_ANALYZER=1 adds the slow clang-analyzer-* checks (about three times as long).
# Environment: CLANG_FORMAT, CLANG_TIDY (default clang-format-14 / clang-tidy-14 when present),
# ZX_JOBS (default 2), BUILD_DIR.
set -uo pipefail
cd "$(dirname "$0")/.."

max_lines=700
jobs=${ZX_JOBS:-2}
build_dir=${BUILD_DIR:-build}
pick() { command -v "$1" >/dev/null 2>&1 && echo "$1" || echo "$2"; }
clang_format=${CLANG_FORMAT:-$(pick clang-format-14 clang-format)}
clang_tidy=${CLANG_TIDY:-$(pick clang-tidy-14 clang-tidy)}
failed=0

mapfile -t cxx < <(find src tests bench -type f \( -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null | sort)
if [ ${#cxx[@]} = 0 ]; then
  echo "check-style: no C++ files found under src, tests, bench" >&2
  exit 2
fi

# 1. Formatting. --Werror turns each difference into "file:line:col: error: code should be
# clang-formatted", one per problem.
echo "check-style: clang-format (${#cxx[@]} files)"
if ! "$clang_format" --dry-run --Werror --style=file "${cxx[@]}"; then
  echo "check-style: formatting differs from .clang-format (fix: $clang_format -i FILE...)"
  failed=1
fi

# 2. File length.
echo "check-style: files over $max_lines lines"
for f in "${cxx[@]}"; do
  n=$(wc -l <"$f")
  if [ "$n" -gt "$max_lines" ]; then
    echo "$f: $n lines (limit $max_lines): split it along its seams"
    failed=1
  fi
done

# 3. clang-tidy.
if [ "${ZX_SKIP_TIDY:-0}" = 1 ]; then
  echo "check-style: clang-tidy skipped (ZX_SKIP_TIDY=1)"
elif [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "check-style: $build_dir/compile_commands.json is missing: configure a build first (see the top of this script)"
  failed=1
else
  mapfile -t units < <(find src -type f -name '*.cpp' | sort)
  echo "check-style: clang-tidy (${#units[@]} files, $jobs at a time)"
  start=$(date +%s)
  # WarningsAsErrors in .clang-tidy makes every finding an error, so a file with a finding (or one that
  # does not compile) exits non-zero, and then so does xargs. --quiet and the filter drop the counts.
  # One log per file (two clang-tidy processes would interleave their output), printed in file order.
  logs=$(mktemp -d)
  extra=
  if [ "${ZX_TIDY_ANALYZER:-0}" = 1 ]; then extra=--checks=clang-analyzer-*; fi
  printf '%s\0' "${units[@]}" |
    ZX_TIDY=$clang_tidy ZX_BUILD=$build_dir ZX_LOGS=$logs ZX_EXTRA=$extra xargs -0 -P"$jobs" -n1 sh -c \
      '"$ZX_TIDY" -p "$ZX_BUILD" --quiet ${ZX_EXTRA:+"$ZX_EXTRA"} "$1" >"$ZX_LOGS/$(echo "$1" | tr / _).log" 2>&1' sh
  rc=$?
  cat "$logs"/*.log | grep -v -E '^[0-9]+ (warning|error)s? (generated|treated as errors)\.$|^Suppressed [0-9]+ warnings|^Use -header-filter='
  rm -rf "$logs"
  if [ $rc != 0 ]; then
    echo "check-style: clang-tidy found problems (the checks and why they are chosen: .clang-tidy)"
    failed=1
  fi
  echo "check-style: clang-tidy took $(($(date +%s) - start)) s"
fi

if [ $failed = 0 ]; then echo "check-style: ok"; fi
exit $failed
