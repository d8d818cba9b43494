#!/usr/bin/env python3
"""Counts back what bench/desk_load_client.py submitted, from the SQLite file itself.

  desk_load_check.py --db FILE --prefix P --n N --log A.jsonl [--log B.jsonl ...] [--expect-all]

- every acknowledged (2xx) attempt in the logs: its case is in desk_cases with that id and that key;
- every key was answered with one id only (retries and replays included);
- no duplicates: one row per key, and one row per title (the title names the key's number, so a case
  created twice under some other key would show here too);
- every case of the prefix has its 'report' and 'dispatch' events (the transaction was whole);
- with --expect-all: exactly N rows, one for each of the N keys.
Prints a JSON summary; exit status 1 when a check fails.
"""
import argparse
import json
import sqlite3
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--log", action="append", default=[])
    ap.add_argument("--expect-all", action="store_true")
    a = ap.parse_args()

    acks = {}  # key -> set of ids
    attempts = 0
    for path in a.log:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                attempts += 1
                if r["id"] is not None:
                    acks.setdefault(r["key"], set()).add(r["id"])

    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    like = a.prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%"
    rows = con.execute("SELECT id, idempotency_key, title FROM desk_cases WHERE idempotency_key LIKE ? ESCAPE '\\'",
                       (like,)).fetchall()
    by_key = {}
    for id_, key, _ in rows:
        by_key.setdefault(key, []).append(id_)
    titles = {}
    for id_, _, title in rows:
        titles.setdefault(title, []).append(id_)
    no_events = con.execute(
        "SELECT COUNT(*) FROM desk_cases c WHERE c.idempotency_key LIKE ? ESCAPE '\\' AND ("
        "NOT EXISTS (SELECT 1 FROM desk_events e WHERE e.case_id = c.id AND e.action = 'report') OR "
        "NOT EXISTS (SELECT 1 FROM desk_events e WHERE e.case_id = c.id AND e.action = 'dispatch'))",
        (like,)).fetchone()[0]

    lost = sorted(k for k, ids in acks.items() if k not in by_key)
    wrong_id = sorted(k for k, ids in acks.items() if k in by_key and set(by_key[k]) != ids)
    two_ids = sorted(k for k, ids in acks.items() if len(ids) > 1)
    dup_keys = sorted(k for k, ids in by_key.items() if len(ids) > 1)
    dup_titles = sorted(t for t, ids in titles.items() if len(ids) > 1)
    expected = {f"{a.prefix}-{i:05d}" for i in range(a.n)}
    missing = sorted(expected - set(by_key)) if a.expect_all else []
    foreign = sorted(set(by_key) - expected)

    out = {
        "prefix": a.prefix, "attempts_logged": attempts, "acked_keys": len(acks), "rows": len(rows),
        "distinct_keys_in_db": len(by_key), "acked_but_lost": lost[:10], "acked_lost_count": len(lost),
        "acked_with_other_id": wrong_id[:10], "keys_answered_with_two_ids": two_ids[:10],
        "duplicate_keys": dup_keys[:10], "duplicate_titles": len(dup_titles),
        "cases_without_report_and_dispatch_events": no_events,
        "unacked_keys_in_db": len(set(by_key) - set(acks)),
        "missing_keys": missing[:10], "missing_count": len(missing), "foreign_keys": len(foreign),
    }
    ok = not lost and not wrong_id and not two_ids and not dup_keys and not dup_titles and no_events == 0 \
        and not foreign
    if a.expect_all:
        ok = ok and not missing and len(rows) == a.n
    out["ok"] = ok
    print(json.dumps(out, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
