#!/usr/bin/env python3
"""Compares Zhenxing's award CSV with the DuckDB peer's on the clauses both compute.

usage: compare_peer.py OURS_CSV PEER_CSV [SUMMARY_JSON]

Key (uscc, clause, period); compared: eligible and amount_yuan. Our file has more columns and the rows
of clause (五), which the peer does not compute: those are ignored. Reasons are not compared (ours are
Chinese sentences with figures, the peer's short English). Exit 0 when every row matches, 1 otherwise,
printing the first differences.
"""
import csv
import json
import sys

CLAUSES = {"1", "2", "3"}
SHOWN = 20


def read(path, only_clauses):
    rows = {}
    duplicates = 0
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"uscc", "clause", "period", "eligible", "amount_yuan"} - set(reader.fieldnames or [])
        if missing:
            sys.exit(f"compare_peer: {path}: no column(s) {', '.join(sorted(missing))}")
        for r in reader:
            if only_clauses and r["clause"] not in CLAUSES:
                continue
            key = (r["uscc"], r["clause"], r["period"])
            if key in rows:
                duplicates += 1
            rows[key] = (r["eligible"].strip().lower(), int(r["amount_yuan"]))
    return rows, duplicates


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    ours, ours_dup = read(sys.argv[1], only_clauses=True)
    peer, peer_dup = read(sys.argv[2], only_clauses=False)
    only_ours = sorted(ours.keys() - peer.keys())
    only_peer = sorted(peer.keys() - ours.keys())
    both = sorted(ours.keys() & peer.keys())
    differ = [k for k in both if ours[k] != peer[k]]
    eligible = sum(1 for k in both if ours[k][0] == "true")
    amount = sum(ours[k][1] for k in both)
    problems = len(only_ours) + len(only_peer) + len(differ) + ours_dup + peer_dup

    print(f"compared {len(both):,} rows (clauses 1-3: uscc, clause, period -> eligible, amount_yuan); "
          f"{eligible:,} eligible, {amount:,} yuan")
    print(f"  only in ours: {len(only_ours)}, only in peer: {len(only_peer)}, values differ: {len(differ)}, "
          f"duplicate keys: {ours_dup} ours / {peer_dup} peer")
    for k in differ[:SHOWN]:
        print(f"  DIFF {','.join(k)}: ours {ours[k]} peer {peer[k]}")
    for k in only_ours[:SHOWN]:
        print(f"  ONLY OURS {','.join(k)}: {ours[k]}")
    for k in only_peer[:SHOWN]:
        print(f"  ONLY PEER {','.join(k)}: {peer[k]}")

    if len(sys.argv) == 4:
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            json.dump({"compared": len(both), "eligible": eligible, "amount_yuan": amount,
                       "only_ours": len(only_ours), "only_peer": len(only_peer), "differ": len(differ),
                       "duplicates": ours_dup + peer_dup, "differences": problems}, f)
    if problems:
        print(f"compare_peer: FAILED: {problems} difference(s) between ours and the peer", file=sys.stderr)
        return 1
    print("  identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
