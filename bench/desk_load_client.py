#!/usr/bin/env python3
"""Concurrent case submissions for bench/desk_load.sh (loopback only).

Every key K in PREFIX-00000 .. PREFIX-(N-1) is one submission (POST /api/desk/cases with
Idempotency-Key K and the same body every time). Its first attempt and its retries (1 or 2, by the
key's number) are all sent concurrently, from one thread each, in a shuffled order, so a retry can
reach the server before, with or after the first attempt. With --settle, keys that got no 2xx are
then retried (same key, same body) one by one, up to 6 times, with a short backoff.

Every attempt is one line of JSON in --log (flushed as soon as its answer is read, so after a
SIGKILL of the server the log holds exactly what was acknowledged before it):
  {"key", "attempt", "phase", "status", "id", "replayed", "ms", "error", "t"}
Prints a summary as JSON on stdout.
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time

CATEGORIES = ["labor", "land", "energy", "finance", "logistics", "approval", "policy", "other"]


def body_for(prefix, i):
    return json.dumps({
        "category": CATEGORIES[i % len(CATEGORIES)],
        "urgency": "urgent" if i % 7 == 0 else "normal",
        "title": f"负载测试 {prefix} 第{i}件：请协调解决",
        "description": f"desk_load.sh 提交，键 {prefix}-{i:05d}。",
    }, ensure_ascii=False).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--log", required=True)
    ap.add_argument("--phase", default="load")
    ap.add_argument("--retries", choices=["1-2", "0"], default="1-2",
                    help="concurrent retries per key: 1 or 2 (alternating), or none")
    ap.add_argument("--settle", action="store_true", help="then retry keys without a 2xx, one by one")
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()

    threading.stack_size(256 * 1024)
    lock = threading.Lock()
    log = open(a.log, "a", buffering=1, encoding="utf-8")
    acked = {}  # key -> set of ids
    statuses = {}
    t_start = time.time()

    def attempt(i, n_attempt, phase):
        key = f"{a.prefix}-{i:05d}"
        rec = {"key": key, "attempt": n_attempt, "phase": phase, "status": None, "id": None,
               "replayed": None, "ms": None, "error": None}
        t0 = time.time()
        try:
            c = http.client.HTTPConnection("127.0.0.1", a.port, timeout=a.timeout)
            c.request("POST", "/api/desk/cases", body=body_for(a.prefix, i), headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {a.token}",
                "Idempotency-Key": key,
            })
            r = c.getresponse()
            data = r.read()
            rec["status"] = r.status
            if 200 <= r.status < 300:
                d = json.loads(data)
                rec["id"] = d["id"]
                rec["replayed"] = r.status == 200
            else:
                rec["error"] = data[:200].decode("utf-8", "replace")
            c.close()
        except Exception as e:  # connection refused / reset (the kill), timeouts
            rec["error"] = f"{type(e).__name__}: {e}"[:200]
        rec["ms"] = round(1000 * (time.time() - t0), 1)
        rec["t"] = round(time.time(), 3)
        with lock:
            log.write(json.dumps(rec, ensure_ascii=False) + "\n")
            s = rec["status"] if rec["status"] is not None else "error"
            statuses[s] = statuses.get(s, 0) + 1
            if rec["id"] is not None:
                acked.setdefault(key, set()).add(rec["id"])
        return rec

    jobs = []
    for i in range(a.n):
        retries = 0 if a.retries == "0" else 1 + (i % 2)
        for k in range(1 + retries):
            jobs.append((i, k))
    random.Random(7).shuffle(jobs)
    threads = [threading.Thread(target=attempt, args=(i, k, a.phase)) for i, k in jobs]
    go = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load_s = time.time() - go

    settled = 0
    if a.settle:
        for i in range(a.n):
            key = f"{a.prefix}-{i:05d}"
            for k in range(6):
                if key in acked:
                    break
                time.sleep(0.2 * (k + 1))
                attempt(i, 100 + k, "settle")
                settled += 1

    latencies = []
    with open(a.log, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["phase"] == a.phase and r["status"] is not None:
                latencies.append(r["ms"])
    latencies.sort()

    def pct(q):
        return latencies[min(len(latencies) - 1, max(0, int(-(-q * len(latencies) // 1)) - 1))] if latencies else None

    conflicting = {k: sorted(v) for k, v in acked.items() if len(v) > 1}
    print(json.dumps({
        "keys": a.n, "requests": len(jobs), "settle_requests": settled, "load_seconds": round(load_s, 2),
        "statuses": {str(k): v for k, v in statuses.items()}, "acked_keys": len(acked),
        "keys_with_two_ids": conflicting, "latency_ms_p50": pct(0.5), "latency_ms_p95": pct(0.95),
        "latency_ms_max": latencies[-1] if latencies else None,
    }))
    log.close()


if __name__ == "__main__":
    sys.exit(main())
