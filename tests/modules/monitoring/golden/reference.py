#!/usr/bin/env python3
"""Independent reference for `zhenxing monitor cities --data DIR --month YYYY-MM`.

Usage:
    python3 reference.py CASE_DIR   print the expected city table for one case
    python3 reference.py --check    verify every case's expected_cities.csv

Python 3 standard library only.  Every amount is an exact fractions.Fraction
parsed from its decimal text; there is no float and no decimal.Decimal
anywhere, so the rounding below is exact.

The contract, as implemented here (month M of year Y):
  * set(c): enterprises of city c with at least one output row in Y-01..M;
  * output_yuan: their output summed over Y-01..M; base_yuan: the same
    enterprises over (Y-1)-01..(Y-1)-MM; absent months count 0; rows of
    other years, and months after M in either year, are ignored;
  * growth_pct = (output / base - 1) * 100, half away from zero, 1 decimal,
    empty when base is 0;
  * rank: competition ranking (1, 2, 2, 4) on the exact growth, highest
    first, only among cities with a growth; empty for 全区;
  * contribution_pp = (output_c - base_c) / (sum of base over the 14 cities)
    * 100, half away from zero, 2 decimals, empty when that sum is 0;
  * 全区: sums; growth from the sums; contribution = (sum out - sum base) /
    sum base * 100 to two decimals;
  * a value that rounds to zero prints without a minus sign.
"""

import csv
import io
import os
import re
import sys
from fractions import Fraction

CITIES = [
    "南宁市", "柳州市", "桂林市", "梧州市", "北海市", "防城港市", "钦州市",
    "贵港市", "玉林市", "百色市", "贺州市", "河池市", "来宾市", "崇左市",
]
REGION = "全区"

ENTERPRISES_HEADER = ["uscc", "name", "city", "industry", "scale_since"]
OUTPUT_HEADER = ["uscc", "month", "output_yuan"]
DESIGNATIONS_HEADER = ["uscc", "designation", "valid_from", "valid_to"]
RESULT_HEADER = ["city", "output_yuan", "base_yuan", "growth_pct", "rank",
                 "contribution_pp"]

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
MONTH_RE = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
AMOUNT_RE = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
INDUSTRY_RE = re.compile(r"^[0-9]{2}[1-9][0-9]$")


class CaseError(Exception):
    pass


# ---------------------------------------------------------------- validation

def uscc_check_char(first17):
    """GB 32100-2015: weight of position i (1-based) is 3^(i-1) mod 31."""
    total = 0
    for i, ch in enumerate(first17):
        value = USCC_ALPHABET.index(ch)
        total += value * (pow(3, i, 31))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code):
    if len(code) != 18 or any(ch not in USCC_ALPHABET for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def parse_month(text, where):
    m = MONTH_RE.match(text)
    if not m:
        raise CaseError("%s: bad month %r" % (where, text))
    return int(m.group(1)), int(m.group(2))


def parse_amount(text, where):
    """Exact yuan amount: non-negative, at most two decimals."""
    if not AMOUNT_RE.match(text):
        raise CaseError("%s: bad amount %r" % (where, text))
    whole, _, frac = text.partition(".")
    cents = int(whole) * 100 + int((frac + "00")[:2])
    return Fraction(cents, 100)


def read_csv(path, header):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CaseError("%s: has a BOM" % path)
    if b"\r" in raw:
        raise CaseError("%s: has CR characters" % path)
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != header:
        raise CaseError("%s: header must be %s" % (path, ",".join(header)))
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise CaseError("%s:%d: %d fields" % (path, n, len(row)))
    return rows[1:]


def load_case(case_dir):
    with open(os.path.join(case_dir, "month.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if len(lines) != 2 or lines[1] != "":
        raise CaseError("%s/month.txt: must be one line" % case_dir)
    month = parse_month(lines[0], "month.txt")

    enterprises = {}
    path = os.path.join(case_dir, "enterprises.csv")
    for n, (uscc, name, city, industry, since) in enumerate(
            read_csv(path, ENTERPRISES_HEADER), start=2):
        where = "%s:%d" % (path, n)
        if not uscc_valid(uscc):
            raise CaseError("%s: invalid USCC %s" % (where, uscc))
        if uscc in enterprises:
            raise CaseError("%s: duplicate USCC %s" % (where, uscc))
        if city not in CITIES:
            raise CaseError("%s: unknown city %s" % (where, city))
        if not INDUSTRY_RE.match(industry) or not 1 <= int(industry[:2]) <= 97:
            raise CaseError("%s: bad industry %s" % (where, industry))
        if since:
            parse_month(since, where)
        if not name:
            raise CaseError("%s: empty name" % where)
        enterprises[uscc] = city

    output = {}
    path = os.path.join(case_dir, "output.csv")
    for n, (uscc, mon, amount) in enumerate(
            read_csv(path, OUTPUT_HEADER), start=2):
        where = "%s:%d" % (path, n)
        if uscc not in enterprises:
            raise CaseError("%s: USCC %s not in enterprises" % (where, uscc))
        key = (uscc, parse_month(mon, where))
        if key in output:
            raise CaseError("%s: second row for %s %s" % (where, uscc, mon))
        output[key] = parse_amount(amount, where)

    path = os.path.join(case_dir, "designations.csv")
    if os.path.exists(path):
        for n, row in enumerate(read_csv(path, DESIGNATIONS_HEADER), start=2):
            if not uscc_valid(row[0]):
                raise CaseError("%s:%d: invalid USCC" % (path, n))

    return month, enterprises, output


# ---------------------------------------------------------------- arithmetic

def round_half_away(value, places):
    """Fraction -> integer count of 10^-places, ties away from zero."""
    scaled = value * 10 ** places
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    n = magnitude.numerator // magnitude.denominator
    if (magnitude - n) * 2 >= 1:
        n += 1
    return sign * n


def fmt_fixed(value, places):
    """Round half away from zero and print with `places` decimals; a value
    that rounds to zero prints without a minus sign."""
    units = round_half_away(value, places)
    sign = "-" if units < 0 else ""
    units = abs(units)
    whole, frac = divmod(units, 10 ** places)
    return "%s%d.%0*d" % (sign, whole, places, frac)


def fmt_amount(value):
    if value < 0 or (value * 100).denominator != 1:
        raise CaseError("amount %s is not whole cents" % value)
    return fmt_fixed(value, 2)


def compute(month, enterprises, output):
    year, m = month
    current = {(year, k) for k in range(1, m + 1)}
    previous = {(year - 1, k) for k in range(1, m + 1)}

    in_set = {u for (u, mon) in output if mon in current}
    out = {c: Fraction(0) for c in CITIES}
    base = {c: Fraction(0) for c in CITIES}
    for (uscc, mon), amount in output.items():
        if uscc not in in_set:
            continue
        city = enterprises[uscc]
        if mon in current:
            out[city] += amount
        elif mon in previous:
            base[city] += amount

    growth = {c: (out[c] / base[c] - 1) * 100
              for c in CITIES if base[c] != 0}
    rank = {c: 1 + sum(1 for d in growth if growth[d] > growth[c])
            for c in growth}
    total_out = sum(out.values(), Fraction(0))
    total_base = sum(base.values(), Fraction(0))

    rows = [RESULT_HEADER]
    for c in CITIES:
        rows.append([
            c,
            fmt_amount(out[c]),
            fmt_amount(base[c]),
            fmt_fixed(growth[c], 1) if c in growth else "",
            str(rank[c]) if c in rank else "",
            fmt_fixed((out[c] - base[c]) / total_base * 100, 2)
            if total_base != 0 else "",
        ])
    if total_base != 0:
        region_growth = (total_out / total_base - 1) * 100
        region_contribution = (total_out - total_base) / total_base * 100
        rows.append([REGION, fmt_amount(total_out), fmt_amount(total_base),
                     fmt_fixed(region_growth, 1), "",
                     fmt_fixed(region_contribution, 2)])
    else:
        rows.append([REGION, fmt_amount(total_out), fmt_amount(total_base),
                     "", "", ""])
    return "".join(",".join(r) + "\n" for r in rows)


def expected_for(case_dir):
    return compute(*load_case(case_dir))


# ---------------------------------------------------------------- self-test

def self_test():
    F = Fraction
    cases = [
        (F(25, 100), 1, "0.3"), (F(-5, 100), 1, "-0.1"),
        (F(-4, 100), 1, "0.0"), (F(-49, 1000), 1, "0.0"),
        (F(-5, 1000), 2, "-0.01"), (F(-4, 1000), 2, "0.00"),
        (F(125, 1000), 2, "0.13"), (F(-125, 1000), 2, "-0.13"),
        (F(0), 1, "0.0"), (F(123456780, 100), 2, "1234567.80"),
        (F(1, 3), 2, "0.33"), (F(-2, 3), 1, "-0.7"),
    ]
    for value, places, want in cases:
        got = fmt_fixed(value, places)
        assert got == want, (value, places, got, want)
    assert uscc_valid("91450100MA51000010")
    assert not uscc_valid("91450100MA51000011")
    assert parse_amount("470000.5", "t") == F(47000050, 100)


def case_dirs(root):
    return sorted(
        os.path.join(root, d) for d in os.listdir(root)
        if os.path.isfile(os.path.join(root, d, "month.txt")))


def check(root):
    self_test()
    dirs = case_dirs(root)
    if not dirs:
        print("no cases under %s" % root, file=sys.stderr)
        return 1
    failed = 0
    for d in dirs:
        name = os.path.basename(d)
        try:
            want = expected_for(d).encode("utf-8")
            with open(os.path.join(d, "expected_cities.csv"), "rb") as f:
                have = f.read()
        except (CaseError, OSError, ValueError) as e:
            print("ERROR %s: %s" % (name, e))
            failed += 1
            continue
        if have == want:
            print("ok    %s" % name)
        else:
            print("DIFF  %s" % name)
            failed += 1
    return 1 if failed else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--check":
        return check(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) == 2 and not argv[1].startswith("-"):
        try:
            sys.stdout.buffer.write(expected_for(argv[1]).encode("utf-8"))
        except CaseError as e:
            print("error: %s" % e, file=sys.stderr)
            return 1
        return 0
    print("usage: reference.py CASE_DIR | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
