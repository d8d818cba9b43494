#!/usr/bin/env python3
"""An independent reference for the golden cases: the rules of issue 12 written out with Python's
exact Fractions, reading the case's CSVs and scheme.toml (tomllib needs Python 3.11; this machine
has it). It writes expected.csv and expected_parks.csv; run it only when a case is added, then check
the figures by hand against the case's README.md. The C++ engine is tested against its output.

    python3 reference.py CASE_DIR SCHEME_DIR YEAR
"""
import csv, sys, tomllib
from fractions import Fraction as F
from pathlib import Path

case, scheme_dir, year = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
S = tomllib.loads((scheme_dir / "scheme.toml").read_text())

def rows(name):
    p = case / name
    if not p.exists():
        return []
    with open(p, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))

def dec(s):
    return F(s) if s not in ("", None) else None

def half_up(x, d):  # x >= 0 or negative: half away from zero
    q = F(10) ** d
    v = abs(x) * q
    n = int(v)
    if v - n >= F(1, 2):
        n += 1
    return (n if x >= 0 else -n)

def fmt(x, d):
    n = half_up(x, d)
    s = "-" if n < 0 else ""
    n = abs(n)
    if d == 0:
        return s + str(n)
    return s + str(n // 10**d) + "." + str(n % 10**d).zfill(d)

ents = {r["uscc"]: r for r in rows("enterprises.csv")}
share = F(S.get("land", {}).get("leased_share", "1"))
land, park_area = {}, {}
for r in rows("land.csv"):
    a = F(r["area_mu"])
    land[r["uscc"]] = land.get(r["uscc"], 0) + (a * share if r["tenure"] == "leased" else a)
    park_area.setdefault(r["uscc"], {})
    park_area[r["uscc"]][r["park_id"]] = park_area[r["uscc"]].get(r["park_id"], 0) + a
def park_of(u):
    best = None
    for p, a in sorted(park_area.get(u, {}).items()):
        if best is None or a > best[1]:
            best = (p, a)
    return best[0] if best else ""
annual = {r["uscc"]: r for r in rows("annual.csv") if int(r["year"]) == year}
parks = {r["park_id"]: F(r["area_mu"]) for r in rows("parks.csv")}
pop = S.get("population", {})
inds = S["indicator"]
splits = S.get("grade", [])
sd = S.get("score_decimals", 2)

def figure(r, col, u):
    if col == "land_mu":
        return land[u]
    return dec(r.get(col, ""))

def exempt(u):
    e = ents[u]
    n = pop.get("exempt_new_years")
    if n is not None and e["scale_since"] and e["scale_since"] >= f"{year - n}-01":
        return True
    return int(e["industry"][:2]) in pop.get("exempt_divisions", [])

def group(u):
    g = pop.get("group_by", "none")
    return ents[u]["city"] if g == "city" else ""

def score(members, fig, bench_members=None):
    """members: {id: {col: value}} → {id: (total, [item points], [ratio])}"""
    bench = {}
    for i in inds:
        if i["benchmark"] == "population":
            have = [m for m in (bench_members or members).values() if m.get(i["numerator"]) is not None and m.get(i["denominator"]) is not None]
            sn = sum(m[i["numerator"]] for m in have)
            sdn = sum(m[i["denominator"]] for m in have)
            bench[i["id"]] = F(i.get("benchmark_factor", "1")) * sn / sdn if sdn else None
        else:
            bench[i["id"]] = F(i["benchmark"]) / F(i.get("display_factor", "1"))
    out = {}
    for k, m in members.items():
        pts = []
        for i in inds:
            n, d = m.get(i["numerator"]), m.get(i["denominator"])
            w = F(i["weight"])
            cap = F(str(i["cap"])) if "cap" in i else None
            if n is None or d is None:
                pts.append(None)
                continue
            b = bench[i["id"]]
            if d == 0:
                r = cap if i.get("zero_denominator") == "cap" else F(0)
            elif b is None or b <= 0:
                r = F(0)
            else:
                r = max(n / d / b, F(0))
                if cap is not None:
                    r = min(r, cap)
            pts.append(w * r)
        out[k] = pts
    # a missing figure scored at the mean of the displayed item scores
    for j, i in enumerate(inds):
        if i.get("missing") == "mean_score":
            have = [half_up(p[j], sd) for p in out.values() if p[j] is not None]
            mean = F(sum(have), len(have) * 10**sd) if have else F(0)
            for p in out.values():
                if p[j] is None:
                    p[j] = mean
    # a missing figure under missing = "zero" (the default) scores 0
    for p in out.values():
        for j in range(len(p)):
            if p[j] is None:
                p[j] = F(0)
    return {k: (half_up(sum(p), sd), p) for k, p in out.items()}, bench

def grade_of(r, n):
    if not S.get("graded", True):
        return ""
    for s in splits:
        if 100 * r <= s["percent"] * n:
            return s["grade"]
    return splits[-1]["grade"]

def rank(totals):
    return {k: 1 + sum(1 for o in totals.values() if o > t) for k, t in totals.items()}

def disp(i, m):
    n, d = m.get(i["numerator"]), m.get(i["denominator"])
    if n is None or d is None or d == 0:
        return ""
    return fmt(n / d * F(i.get("display_factor", "1")), i.get("display_decimals", 2))

rated, exempts = {}, []
for u in ents:
    if u not in land or land[u] <= 0:
        continue
    if u not in annual:
        print("missing", u, file=sys.stderr)
        continue
    if exempt(u):
        exempts.append(u)
        continue
    m = {c: figure(annual[u], c, u) for c in set([i["numerator"] for i in inds] + [i["denominator"] for i in inds])}
    rated[u] = m

groups = {}
for u in rated:
    groups.setdefault(group(u), {})[u] = rated[u]
result = {}
whole = pop.get("group_by", "none") != "none" and not pop.get("benchmark_per_group", False)
for g, members in groups.items():
    sc, _ = score(members, figure, rated if whole else None)
    rk = rank({k: v[0] for k, v in sc.items()})
    for k in members:
        result[k] = (sc[k], rk[k], grade_of(rk[k], len(members)), g)

hdr = ["uscc", "year", "land_mu", "score", "rank", "grade"]
for i in inds:
    hdr += [i["id"] + "_score", i["id"] + "_value"]
grouped = pop.get("group_by", "none") != "none"
if grouped:
    hdr.append("population")
lines = []
for u in sorted(rated, key=lambda u: (result[u][3], result[u][1], u)):
    (total, pts), r, gr, g = result[u]
    row = [u, str(year), fmt(land[u], 2), fmt(F(total, 10**sd), sd), str(r), gr]
    for j, i in enumerate(inds):
        row += [fmt(pts[j], sd), disp(i, rated[u])]
    if grouped:
        row.append(g)
    lines.append(row)
for u in sorted(exempts):
    row = [u, str(year), fmt(land[u], 2), "", "", S.get("exempt_grade", "T")] + [""] * (2 * len(inds))
    if grouped:
        row.append("")
    lines.append(row)
with open(case / "expected.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(hdr)
    w.writerows(lines)

# parks: sums over the park's rated enterprises, the park's area as land
pm = {}
for u, m in rated.items():
    p = park_of(u)
    if p == "" or p not in parks:
        continue
    acc = pm.setdefault(p, {})
    for c, v in m.items():
        if c == "land_mu" or v is None:
            continue
        acc[c] = acc.get(c, 0) + v
    acc["land_mu"] = parks[p]
if pm:
    sc, _ = score(pm, None)
    rk = rank({k: v[0] for k, v in sc.items()})
    hdr = ["park_id", "year", "score", "rank", "grade"]
    for i in inds:
        hdr += [i["id"] + "_score", i["id"] + "_value"]
    with open(case / "expected_parks.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(hdr)
        for p in sorted(pm, key=lambda p: (rk[p], p)):
            total, pts = sc[p]
            row = [p, str(year), fmt(F(total, 10**sd), sd), str(rk[p]), grade_of(rk[p], len(pm))]
            for j, i in enumerate(inds):
                row += [fmt(pts[j], sd), disp(i, pm[p])]
            w.writerow(row)
