#!/usr/bin/env python3
"""Differential test: the valuation module against an independent
implementation with Python's fractions, on thousands of random valuations of
every approach (income in all four variants, end and mid-period, constant and
per-period rates, terminal values, sensitivity grids; cost 2023 and 2019;
market with given and computed coefficients and weights; quality with given
weights or AHP; reconciliation). Exact values and the fen must be identical.
Run by `make check` (SPDX-License-Identifier: MIT)."""
import os
import random
import subprocess
import sys
from fractions import Fraction
from math import isqrt

SEED = int(os.environ.get("DS_ORACLE_SEED", "20261123"))
COUNT = int(os.environ.get("DS_ORACLE_COUNT", "4000"))
RI = [0, 0, 0, Fraction(58, 100), Fraction(90, 100), Fraction(112, 100), Fraction(124, 100),
      Fraction(132, 100), Fraction(141, 100), Fraction(145, 100)]


class Refused(Exception):
    """The library must refuse the input with this code."""


def frac_text(f):
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def fen(f):
    """HALF_UP to two places, as text."""
    cents = f * 100
    q, r = divmod(abs(cents.numerator), cents.denominator)
    if 2 * r >= cents.denominator:
        q += 1
    sign = "-" if cents < 0 and q else ""
    return f"{sign}{q // 100}.{q % 100:02d}"


def answer(f):
    return f"{frac_text(f)} {fen(f)}"


def lit(f):
    """A Fraction as a literal the driver parses: decimal when it terminates, else p/q."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return frac_text(f)
    scale = 0
    while (f * 10 ** scale).denominator != 1:
        scale += 1
    n = f * 10 ** scale
    sign = "-" if n < 0 else ""
    digits = str(abs(n.numerator)).rjust(scale + 1, "0")
    return sign + (digits[:-scale] + "." + digits[-scale:] if scale else digits)


def lits(values):
    return ",".join(lit(v) for v in values)


def sqrt_sig(g, digits):
    """√g truncated to exactly `digits` significant digits (the library's rule)."""
    k = digits
    while True:
        m = isqrt(g.numerator * 10 ** (2 * k) // g.denominator)
        have = len(str(m)) if m else 0
        if have >= digits:
            break
        k += digits - have
    if have > digits:
        m //= 10 ** (have - digits)
    return Fraction(m, 10 ** (k - (have - digits)))


def money(rng, lo=0, hi=10 ** 9):
    return Fraction(rng.randint(lo * 100, hi * 100), 100)


def rate(rng):
    r = rng.random()
    if r < 0.5:
        return Fraction(rng.randint(0, 3000), 10000)
    if r < 0.7:
        return Fraction(rng.choice([1, 2, 1, 5]), rng.choice([3, 7, 9, 11]))
    if r < 0.85:
        return Fraction(rng.randint(-9999, 0), 10000)
    return Fraction(rng.choice(["0.085", "0.1", "0.12", "0.15", "0.08"]))


# ---------------------------------------------------------------- income

def income_value(method, timing, prec, rates, income, shares, baseline, contrib, ncontrib, tv):
    n = len(income)
    if any(r <= -1 for r in rates):
        raise Refused("DS_ERANGE")
    if method == "share" and any(not 0 <= k <= 1 for k in shares):
        raise Refused("DS_ERANGE")
    flows = []
    for t in range(n):
        if method == "direct":
            f = income[t]
        elif method == "share":
            f = income[t] * shares[0 if len(shares) == 1 else t]
        elif method == "excess":
            f = income[t] - sum(contrib[t * ncontrib:(t + 1) * ncontrib])
        else:
            f = income[t] - baseline[t]
        flows.append(f)
    return discount(flows, rates, timing, prec, tv)


def discount(flows, rates, timing, prec, tv):
    total, den = Fraction(0), Fraction(1)
    for t, f in enumerate(flows):
        g = 1 + rates[0 if len(rates) == 1 else t]
        den *= g
        s = sqrt_sig(g, prec) if timing == "mid" else 1
        total += f * s / den
    if tv is not None:
        total += tv / den
    return total


def gen_income(rng):
    method = rng.choice(["direct", "share", "excess", "incremental"])
    timing = rng.choice(["end", "end", "mid"])
    prec = rng.choice([30, 40, 40, 57])
    n = rng.randint(1, 12)
    rates = [rate(rng)] if rng.random() < 0.6 else [rate(rng) for _ in range(n)]
    if rng.random() < 0.03:
        rates[rng.randrange(len(rates))] = Fraction(rng.choice([-1, -2, Fraction(-101, 100)]))
    income = [money(rng, -10 ** 6 if rng.random() < 0.1 else 0) for _ in range(n)]
    shares = baseline = contrib = None
    ncontrib = 0
    line = f"income method={method} timing={timing} prec={prec} rates={lits(rates)} income={lits(income)}"
    if method == "share":
        shares = [Fraction(rng.randint(0, 3000), 10000)] if rng.random() < 0.5 else \
            [Fraction(rng.randint(0, 3000), 10000) for _ in range(n)]
        if rng.random() < 0.03:
            shares[0] = Fraction(rng.choice([-1, 2]), rng.choice([1, 100]))
        line += f" shares={lits(shares)}"
    elif method == "incremental":
        baseline = [money(rng) for _ in range(n)]
        line += f" baseline={lits(baseline)}"
    elif method == "excess":
        ncontrib = rng.randint(1, 4)
        contrib = [money(rng, 0, 10 ** 8) for _ in range(n * ncontrib)]
        line += f" contrib={lits(contrib)} ncontrib={ncontrib}"
    tv = None
    if rng.random() < 0.2:
        tv = money(rng)
        line += f" tv={lit(tv)}"
    args = (method, timing, prec, rates, income, shares, baseline, contrib, ncontrib, tv)
    if rng.random() < 0.1:
        dr = [Fraction(rng.randint(-300, 300), 10000) for _ in range(rng.randint(1, 3))]
        df = [Fraction(rng.randint(-2000, 2000), 10000) for _ in range(rng.randint(1, 3))]
        line += f" dr={lits(dr)} df={lits(df)}"
        try:
            cells = []
            income_value(*args)
            for d_rate in dr:
                shifted = [r + d_rate for r in rates]
                if any(r <= -1 for r in shifted):
                    raise Refused("DS_ERANGE")
                for d_inc in df:
                    base = income_value(method, "end", prec, [Fraction(0)], income, shares, baseline,
                                        contrib, ncontrib, None)  # validates only
                    del base
                    flows = flows_of(*args)
                    cells.append(discount([f * (1 + d_inc) for f in flows], shifted, timing, prec,
                                          tv * (1 + d_inc) if tv is not None else None))
            return line, " ".join(frac_text(c) for c in cells)
        except Refused as e:
            return line, f"ERR {e}"
    try:
        return line, answer(income_value(*args))
    except Refused as e:
        return line, f"ERR {e}"


def flows_of(method, timing, prec, rates, income, shares, baseline, contrib, ncontrib, tv):
    out = []
    for t in range(len(income)):
        if method == "direct":
            out.append(income[t])
        elif method == "share":
            out.append(income[t] * shares[0 if len(shares) == 1 else t])
        elif method == "excess":
            out.append(income[t] - sum(contrib[t * ncontrib:(t + 1) * ncontrib]))
        else:
            out.append(income[t] - baseline[t])
    return out


# ---------------------------------------------------------------- cost

def gen_cost(rng):
    comps = [money(rng, 0, 10 ** 7) for _ in range(rng.randint(1, 5))]
    kind = rng.choice(["delta", "life", "quality", "depr"])
    line = f"cost components={lits(comps)}"
    total = sum(comps)
    if kind == "life":
        e, r = Fraction(rng.randint(0, 20), rng.choice([1, 2])), Fraction(rng.randint(0, 20), rng.choice([1, 4]))
        line += f" life={lit(e)},{lit(r)}"
        if r <= 0:
            return line, "ERR DS_ERANGE"
        return line, answer(total * r / (e + r))
    x = Fraction(rng.randint(-5, 1005), 1000)
    line += f" {kind}={lit(x)}"
    if kind == "depr":
        return line, answer(total * (1 - x)) if 0 <= x < 1 else "ERR DS_ERANGE"
    return line, answer(total * x) if 0 < x <= 1 else "ERR DS_ERANGE"


def gen_cost2019(rng):
    costs = [money(rng, 0, 10 ** 7) for _ in range(rng.randint(1, 3))]
    R = Fraction(rng.randint(-500, 5000), 10000)
    a, b = Fraction(rng.randint(1, 1000), 1000), Fraction(rng.randint(1, 1500), 1000)
    m, r = Fraction(rng.randint(0, 500), 1000), Fraction(rng.randint(0, 999), 1000)
    if rng.random() < 0.05:
        r = Fraction(1)
    line = f"cost2019 costs={lits(costs)} k={lits([R, a, b, m, r])}"
    if r >= 1:
        return line, "ERR DS_ERANGE"
    return line, answer(sum(costs) * (1 + R) * a * b * (1 + m) * (1 - r))


# ---------------------------------------------------------------- market

NAMES = ["quality", "supply_demand", "date", "volume", "other", "technical", "value_density", "质量调整系数"]


def gen_market(rng):
    n = rng.randint(1, 5)
    weights = [Fraction(rng.randint(0, 10), rng.choice([1, 3])) for _ in range(n)] if rng.random() < 0.4 else None
    line = "market"
    if weights:
        line += f" w={lits(weights)}"
    results = []
    bad = None
    for _ in range(n):
        price = money(rng, 0, 10 ** 8)
        names = rng.sample(NAMES[:7], rng.randint(0, 5))
        if rng.random() < 0.03:
            names.append("colour")
            bad = bad or "ERR DS_EINVAL"
        part = lit(price)
        value = price
        for name in names:
            if rng.random() < 0.5:
                c = Fraction(rng.randint(500, 1500), 1000)
                part += f"|{name}={lit(c)}"
            else:
                s, k = Fraction(rng.randint(1, 200)), Fraction(rng.randint(1, 200))
                part += f"|{name}={lit(s)}@{lit(k)}"
                c = s / k
            value *= c
        line += f" c={part}"
        results.append(value)
    if bad:
        return line, bad
    if weights:
        if sum(weights) == 0:
            return line, "ERR DS_ERANGE"
        return line, answer(sum(w * v for w, v in zip(weights, results)) / sum(weights))
    return line, answer(sum(results) / n)


# ---------------------------------------------------------------- AHP and quality

def ahp(matrix, n, prec):
    S = 10 ** prec
    L = 1
    for a in matrix:
        L = L * a.denominator // __import__("math").gcd(L, a.denominator)
    A = [int(a * L) for a in matrix]
    W = [S // n] * n
    for _ in range(10000):
        V = [sum(A[i * n + j] * W[j] for j in range(n)) for i in range(n)]
        total = sum(V)
        new = [v * S // total for v in V]
        moved = max(abs(x - y) for x, y in zip(new, W))
        W = new
        if moved < 10 ** 10:
            break
    else:
        raise Refused("DS_ERANGE")
    largest = max(range(n), key=lambda i: (W[i], -i))
    W[largest] += S - sum(W)
    w = [Fraction(x, S) for x in W]
    lam = sum(sum(matrix[i * n + j] * w[j] for j in range(n)) / w[i] for i in range(n)) / n
    cr = Fraction(0) if n <= 2 else ((lam - n) / (n - 1)) / RI[n]
    return w, lam, cr


def random_matrix(rng, n):
    scale = [Fraction(k) for k in range(1, 10)] + [Fraction(1, k) for k in range(2, 10)]
    m = [Fraction(1)] * (n * n)
    if rng.random() < 0.3:  # consistent: from weights
        base = [Fraction(rng.randint(1, 9)) for _ in range(n)]
        for i in range(n):
            for j in range(n):
                m[i * n + j] = base[i] / base[j]
        return m
    for i in range(n):
        for j in range(i + 1, n):
            a = rng.choice(scale)
            m[i * n + j], m[j * n + i] = a, 1 / a
    return m


def gen_ahp(rng):
    n = rng.randint(1, 9)
    prec = rng.choice([30, 40, 45])
    m = random_matrix(rng, n)
    line = f"ahp n={n} prec={prec} matrix={lits(m)}"
    w, lam, cr = ahp(m, n, prec)
    return line, " ".join(frac_text(x) for x in w + [lam, cr])


def gen_quality(rng):
    n = rng.randint(1, 9)
    full = rng.choice([None, Fraction(100), Fraction(1)])
    top = full or Fraction(1)
    scores = [top * Fraction(rng.randint(0, 1000), 1000) for _ in range(n)]
    line = f"quality n={n} scores={lits(scores)}"
    if full is not None:
        line += f" full={lit(full)}"
    if rng.random() < 0.5:
        raw = [rng.randint(0, 100) for _ in range(n)]
        if sum(raw) == 0:
            raw[0] = 1
        w = [Fraction(x, sum(raw)) for x in raw]
        if rng.random() < 0.05:
            w[0] += Fraction(1, 100)
        line += f" weights={lits(w)}"
        if sum(w) != 1:
            return line, "ERR DS_EINVAL"
    else:
        m = random_matrix(rng, n)
        accept = rng.random() < 0.5
        line += f" matrix={lits(m)}" + (" accept=1" if accept else "")
        w, _, cr = ahp(m, n, 40)
        if cr >= Fraction(1, 10) and not accept:
            return line, "ERR DS_EVERIFY"
    return line, answer(sum(a * b for a, b in zip(w, scores)) / top)


def gen_reconcile(rng):
    n = rng.randint(1, 5)
    values = [money(rng, 0, 10 ** 8) for _ in range(n)]
    line = f"reconcile values={lits(values)}"
    if rng.random() < 0.5:
        w = [Fraction(rng.randint(0, 10), 10) for _ in range(n)]
        line += f" weights={lits(w)}"
        if sum(w) == 0:
            return line, "ERR DS_ERANGE"
        return line, answer(sum(a * b for a, b in zip(w, values)) / sum(w))
    chosen = rng.randint(0, n)
    line += f" chosen={chosen}"
    return line, answer(values[chosen]) if chosen < n else "ERR DS_EINVAL"


GENERATORS = [(gen_income, 40), (gen_cost, 10), (gen_cost2019, 10), (gen_market, 15), (gen_ahp, 8),
              (gen_quality, 10), (gen_reconcile, 7)]


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("top_builddir", "."), "tests",
                                                             "valuation_driver")
    rng = random.Random(SEED)
    pool = [g for g, weight in GENERATORS for _ in range(weight)]
    cases = [rng.choice(pool)(rng) for _ in range(COUNT)]
    proc = subprocess.run([exe], input="\n".join(c[0] for c in cases) + "\n", capture_output=True, text=True)
    got = proc.stdout.splitlines()
    if proc.returncode != 0 or len(got) != len(cases):
        print(f"driver failed: exit {proc.returncode}, {len(got)} answers for {len(cases)} cases\n{proc.stderr}")
        print("0 passed, 1 failed")
        return 1
    failed = 0
    kinds = {}
    for (line, expected), answer_line in zip(cases, got):
        kind = line.split(" ", 1)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        if answer_line != expected:
            failed += 1
            if failed <= 10:
                print(f"MISMATCH {line[:300]!r}:\n  library {answer_line[:300]!r}\n  oracle  {expected[:300]!r}")
    print(f"valuation oracle: seed {SEED}, {len(cases)} random valuations compared with fractions: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
