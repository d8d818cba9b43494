#!/usr/bin/env bash
# The main job: builds Zhenxing, generates a synthetic Guangxi population, validates it, computes the
# 2023 awards (CSV, the XLSX 公示 list and a JSON summary) and explains the largest award.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${ZX_DEMO_DIR:-data/demo}
n=${ZX_DEMO_ENTERPRISES:-20000}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_TESTS=OFF -DZX_BUILD_BENCH=OFF >/dev/null
cmake --build build -j2 --target zhenxing
mkdir -p "$out"
build/zhenxing demo-data --enterprises "$n" --seed 2023 --out "$out/input"
build/zhenxing validate --data "$out/input"
build/zhenxing evaluate --policy policies/guangxi-2023 --data "$out/input" --out "$out/awards.csv" --summary "$out/summary.json"
build/zhenxing -q evaluate --policy policies/guangxi-2023 --data "$out/input" --out "$out/公示名单.xlsx" --format xlsx
top=$(awk -F, 'NR > 1 && $4 == "true" { print $5, $1 }' "$out/awards.csv" | sort -rn | head -1 | cut -d' ' -f2)
echo
build/zhenxing explain --policy policies/guangxi-2023 --data "$out/input" --uscc "$top" | head -40
echo "…  (full trace: build/zhenxing explain --policy policies/guangxi-2023 --data $out/input --uscc $top)"
echo "Outputs in $out/: awards.csv, 公示名单.xlsx, summary.json"
