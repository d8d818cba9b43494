#!/usr/bin/env python3
"""Turns the logs of bench/run.sh into a results table (Markdown) and checks the targets.

usage: report.py WORK_DIR

Reads WORK_DIR/logs/<name>.<i>.{time,out,err} (one per timed run, /usr/bin/time -v output in .time),
WORK_DIR/compare.json (compare_peer.py) and WORK_DIR/engine_bench.json (Google Benchmark, aggregates).
Every figure is the median of the runs. Writes WORK_DIR/results.md and prints it. Exit status 0; 3 when
ZX_BENCH_ENFORCE=1 and a target is missed.
"""
import glob
import json
import os
import re
import statistics
import sys

GB = 1_000_000_000  # GB = 10^9 bytes throughout (1 GiB = 1.074 GB); "2 GB" read strictly
TARGET_WHATIF_MS = 100.0
TARGET_PEER_S = 6.3  # the peer's documented end-to-end time (bench-peers/README.md)
TARGET_RSS_BYTES = 2 * GB
BUSY_SHARE = 0.10  # other processes took more than this share of the CPUs during a phase


def wall_seconds(text):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    parts = [float(p) for p in m.group(1).split(":")]
    s = 0.0
    for p in parts:
        s = s * 60 + p
    return s


def rss_bytes(text):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) * 1024


def runs(work, name):
    """[(wall s, rss bytes, stdout, stderr)] of every run of `name`."""
    out = []
    for t in sorted(glob.glob(f"{work}/logs/{name}.*.time")):
        base = t[: -len(".time")]
        text = open(t, encoding="utf-8").read()
        so = open(base + ".out", encoding="utf-8", errors="replace").read()
        se = open(base + ".err", encoding="utf-8", errors="replace").read()
        out.append((wall_seconds(text), rss_bytes(text), so, se))
    return out


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def split(runs_, what):
    """Median of the 'load/evaluate/write N ms' figure `zhenxing evaluate` prints on stderr."""
    vals = []
    for *_, se in runs_:
        m = re.search(rf"\b{what} (\d+) ms", se)
        vals.append(float(m.group(1)) if m else None)
    return med(vals)


def reeval_ms(runs_):
    vals = []
    for _, _, so, _ in runs_:
        m = re.search(r"re-evaluation took ([\d.]+) ms", so)
        vals.append(float(m.group(1)) if m else None)
    return med(vals)


def bench_medians(work):
    path = f"{work}/engine_bench.json"
    if not os.path.exists(path):
        return {}, {}
    data = json.load(open(path, encoding="utf-8"))
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
    res = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        res[name] = {"ms": b["real_time"] * scale[b["time_unit"]], "rows_s": b.get("rows/s"),
                     "reps": b.get("repetitions", 1)}
    return res, data.get("context", {})


def contention(work):
    """[(phase, wall s, CPU·s available, CPU·s used by other processes)] between run.sh's cpu_mark lines."""
    path = f"{work}/cpu.txt"
    if not os.path.exists(path):
        return []
    marks = [line.split() for line in open(path, encoding="utf-8") if line.strip()]
    ncpu = os.cpu_count() or 1
    out = []
    for a, b in zip(marks, marks[1:]):
        wall_s = float(b[1]) - float(a[1])
        others = max(0.0, (float(b[2]) - float(a[2])) - (float(b[3]) - float(a[3])))
        out.append((b[0], wall_s, wall_s * ncpu, others))
    return out


def fmt_ms(v):
    return "—" if v is None else (f"{v:,.0f} ms" if v >= 10 else f"{v:.1f} ms")


def fmt_s(v):
    return "—" if v is None else f"{v:.2f} s"


def fmt_gb(v):
    return "—" if v is None else f"{v / GB:.2f} GB"


def main():
    work = sys.argv[1]
    n_runs = len(runs(work, "evaluate"))
    ev, evb, val, sim, peer = (runs(work, n) for n in ("evaluate", "evaluate_budget", "validate", "simulate", "peer"))
    wall = lambda r: med([x[0] for x in r])  # noqa: E731
    rss = lambda r: med([x[1] for x in r])  # noqa: E731
    bench, ctx = bench_medians(work)
    B = lambda name: bench.get(name, {}).get("ms")  # noqa: E731
    cmp = json.load(open(f"{work}/compare.json")) if os.path.exists(f"{work}/compare.json") else None
    info = open(f"{work}/machine.txt", encoding="utf-8").read().strip() if os.path.exists(f"{work}/machine.txt") else ""

    L = []
    L.append(f"Data: {open(f'{work}/dataset.txt').read().strip()}" if os.path.exists(f"{work}/dataset.txt") else "")
    L.append(f"Every figure is the median of {n_runs} runs (CLI) or of the benchmark's repetitions.")
    for phase, _, avail, others in contention(work):
        if avail and others / avail > BUSY_SHARE:
            L.append(f"**Warning: other processes took {others / avail:.0%} of the CPUs during the {phase} phase; "
                     f"its figures are skewed upwards. Rerun on a quiet machine (ZX_BENCH_WAIT_QUIET).**")
    L.append("")
    L.append("| measure (1,000,000 enterprises × 24 months) | Zhenxing | DuckDB peer |")
    L.append("| --- | ---: | ---: |")
    L.append(f"| load CSV + validate into columns (`evaluate` split) | {fmt_ms(split(ev, 'load'))} | |")
    L.append(f"| evaluate in memory (`evaluate` split) | {fmt_ms(split(ev, 'evaluate'))} | |")
    L.append(f"| evaluate in memory, 2 threads (BM_Evaluate) | {fmt_ms(B('BM_Evaluate/enterprises:1000000/threads:2/real_time'))} | |")
    L.append(f"| what-if re-evaluation, `simulate --set clause2.growth_min=10%` | {fmt_ms(reeval_ms(sim))} | |")
    L.append(f"| what-if re-evaluation + comparison (BM_WhatIf, 2 threads) | {fmt_ms(B('BM_WhatIf/enterprises:1000000/threads:2/real_time'))} | |")
    L.append(f"| budget scaling of the award rows (BM_BudgetScaling) | {fmt_ms(B('BM_BudgetScaling/enterprises:1000000/real_time'))} | |")
    L.append(f"| award table with reasons, 2 threads (BM_BuildAwardTable) | {fmt_ms(B('BM_BuildAwardTable/enterprises:1000000/threads:2/real_time'))} | |")
    L.append(f"| award CSV write (BM_WriteAwardsCsv) | {fmt_ms(B('BM_WriteAwardsCsv/enterprises:1000000/real_time'))} | |")
    L.append(f"| table + write (`evaluate` split) | {fmt_ms(split(ev, 'write'))} | |")
    L.append(f"| **end to end: `evaluate` → CSV** (wall) | **{fmt_s(wall(ev))}** | **{fmt_s(wall(peer))}** |")
    L.append(f"| **peak memory (max RSS) of that run** | **{fmt_gb(rss(ev))}** | **{fmt_gb(rss(peer))}** |")
    L.append(f"| `evaluate --budget 500000000` (wall / peak) | {fmt_s(wall(evb))} / {fmt_gb(rss(evb))} | |")
    L.append(f"| `validate` (wall / peak) | {fmt_s(wall(val))} / {fmt_gb(rss(val))} | |")
    L.append(f"| `simulate` whole command (wall / peak) | {fmt_s(wall(sim))} / {fmt_gb(rss(sim))} | |")
    L.append("")

    if cmp:
        L.append(f"Comparison with the peer (clauses 1–3, eligible and amount_yuan per (uscc, clause, period)): "
                 f"{cmp['compared']:,} rows compared, {cmp['eligible']:,} eligible, {cmp['amount_yuan']:,} yuan; "
                 f"**{cmp['differences']} differences** (only ours {cmp['only_ours']}, only peer {cmp['only_peer']}, "
                 f"values {cmp['differ']}).\n")
    else:
        L.append("Comparison with the peer: not run.\n")

    # Phases in which other processes took a notable share of the CPUs: their times are skewed upwards.
    busy = {phase: others / avail > BUSY_SHARE for phase, _, avail, others in contention(work) if avail}
    cli_busy, bench_busy = busy.get("commands", False), busy.get("engine_bench", False)
    skew = lambda b: " (machine busy in this phase: rerun)" if b else ""  # noqa: E731
    bw = B("BM_WhatIf/enterprises:1000000/threads:2/real_time")
    our_rss = max([v for v in (rss(ev), rss(evb), rss(val), rss(sim)) if v is not None], default=None)
    # (target, measured, met, skewed)
    checks = [
        ("what-if re-evaluation < 100 ms (`simulate`, 2 threads)", fmt_ms(reeval_ms(sim)),
         reeval_ms(sim) is not None and reeval_ms(sim) < TARGET_WHATIF_MS, cli_busy),
        ("… re-evaluation + comparison in memory (BM_WhatIf, 2 threads)", fmt_ms(bw),
         bw is not None and bw < TARGET_WHATIF_MS, bench_busy),
        (f"`evaluate` end to end faster than the peer's documented {TARGET_PEER_S} s", f"{fmt_s(wall(ev))}",
         wall(ev) is not None and wall(ev) < TARGET_PEER_S, cli_busy),
        ("… and than the peer measured here", f"{fmt_s(wall(ev))} vs {fmt_s(wall(peer))}",
         wall(ev) is not None and wall(peer) is not None and wall(ev) < wall(peer), cli_busy),
        ("peak memory < 2 GB: `evaluate` end to end", fmt_gb(rss(ev)),
         rss(ev) is not None and rss(ev) < TARGET_RSS_BYTES, False),
        ("peak memory < 2 GB: every command measured (validate, evaluate, --budget, simulate)",
         f"{fmt_gb(our_rss)} (validate {fmt_gb(rss(val))})", our_rss is not None and our_rss < TARGET_RSS_BYTES,
         False),
    ]
    L.append("| target | measured | met |")
    L.append("| --- | --- | --- |")
    for name, measured, ok, skewed in checks:
        L.append(f"| {name} | {measured} | {'yes' if ok else '**NO**'}{skew(skewed and not ok)} |")
    L.append("")

    if bench:
        L.append("engine_bench (medians; wall time; rows/s as the suite defines it):\n")
        L.append("| benchmark | time | rows/s |")
        L.append("| --- | ---: | ---: |")
        for name, b in bench.items():
            rs = "" if b["rows_s"] is None else f"{b['rows_s'] / 1e6:,.2f} M"
            L.append(f"| {name.replace('/real_time', '')} | {fmt_ms(b['ms'])} | {rs} |")
        if ctx.get("library_build_type") == "debug":
            L.append("\n(Debian's libbenchmark reports itself as a debug build; that affects only the harness.)")
        L.append("")
    phases = contention(work)
    if phases:
        L.append("Other work on the machine while measuring (CPU time not used by this run; the machine is shared):\n")
        L.append("| phase | wall | CPU available | used by others | share |")
        L.append("| --- | ---: | ---: | ---: | ---: |")
        for phase, wall_s, avail, others in phases:
            share = others / avail if avail else 0
            flag = " **busy: times skewed**" if share > BUSY_SHARE else ""
            L.append(f"| {phase} | {wall_s:.0f} s | {avail:.0f} CPU·s | {others:.1f} CPU·s | {share:.0%}{flag} |")
        L.append("")
    if info:
        L.append("Machine:\n\n```\n" + info + "\n```")

    text = "\n".join(L) + "\n"
    with open(f"{work}/results.md", "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    missed = [c for c in checks if not c[2]]
    if missed:
        print(f"report: {len(missed)} target(s) missed", file=sys.stderr)
        if os.environ.get("ZX_BENCH_ENFORCE") == "1":
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
